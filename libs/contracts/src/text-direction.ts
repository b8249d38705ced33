// Its own module, without zod, so the web app's first load can take it without the schemas:
// imported as `@ketenregie/contracts/text-direction` there.

// Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their neighbours, their
// presentation forms, and the right-to-left blocks beyond the BMP) and the explicit direction
// marks, embeddings, overrides and isolates.
const directional =
  /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]|[\uD802\uD803\uD83A\uD83B][\uDC00-\uDFFF]/;

/**
 * Text a person typed, made safe to set between other text: wrapped in FIRST STRONG ISOLATE and
 * POP DIRECTIONAL ISOLATE when it holds a right-to-left letter or a direction control, as `<bdi>`
 * does in HTML. Without that, a family name ending in an unclosed RIGHT-TO-LEFT OVERRIDE turned
 * the postcode after it from 4201 into 1024, and an Arabic name pulled the digits beside it into
 * its own direction. Text without either comes back unchanged, so labels of Latin names stay as
 * they were. The isolate ends every embedding and override begun inside it.
 */
export const isolateDirection = (value: string): string => (directional.test(value) ? `\u2068${value}\u2069` : value);
