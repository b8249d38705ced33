import { z } from 'zod';

// Page parameters of every list, with their Dutch messages and descriptions in one place: zod's
// Dutch locale still says "number" and "int", which a professional should not have to read.

const wholeNumber = 'Gebruik een heel getal.';

export const pageNumberParam = () =>
  z.coerce
    .number({ error: wholeNumber })
    .int(wholeNumber)
    .min(1, 'Pagina begint bij 1.')
    .default(1)
    .describe('Welke pagina: 1 is de eerste.');

export const pageSizeParam = (max: number, fallback: number) =>
  z.coerce
    .number({ error: wholeNumber })
    .int(wholeNumber)
    .min(1, 'Minstens 1 per pagina.')
    .max(max, `Hoogstens ${max} per pagina.`)
    .default(fallback)
    .describe(`Hoeveel per pagina: 1 tot en met ${max}, standaard ${fallback}.`);
