import { z } from 'zod';

/**
 * RFC 9457 problem details, with field paths for validation errors and a Dutch message. Every
 * error answer of the API has `status`, `title` and `detail`, so a client can always show something.
 */
export const problemSchema = z
  .object({
    type: z.string().describe('Soort probleem: `about:blank` (alleen de HTTP-status zegt iets) of een vaste `urn:ketenregie:problem:...`.'),
    title: z.string().describe('Korte vaste omschrijving van de soort probleem (de HTTP-statustekst bij `about:blank`).'),
    status: z.number().int().describe('De HTTP-statuscode van dit antwoord.'),
    detail: z.string().describe('Uitleg in het Nederlands van wat er mis is en wat u kunt doen.'),
    instance: z.string().optional().describe('Het pad van het verzoek, zonder zoekvraag.'),
    errors: z
      .array(
        z.object({
          path: z.string().describe('Het veld, als pad met punten (bijvoorbeeld `household.members.0.name`).'),
          message: z.string().describe('Wat er aan dit veld mis is, in het Nederlands.'),
          code: z.string().optional().describe('Vaste code van de fout, om op te reageren zonder de tekst te lezen.'),
        }),
      )
      .optional()
      .describe('Bij ongeldige invoer: elk veld dat niet klopt.'),
    matchedCaseId: z
      .string()
      .optional()
      .describe('Bij een bekend gezin (409): de casus om de melding aan te koppelen, alleen als u die mag zien.'),
    matchedCaseIds: z.array(z.string()).optional().describe('Bij een bekend gezin in meer casussen (409): al die casussen.'),
  })
  .meta({
    examples: [
      { type: 'about:blank', title: 'Not Found', status: 404, detail: 'Dit adres bestaat niet.', instance: '/api/v1/cases/onbekend' },
    ],
  });

export type Problem = z.infer<typeof problemSchema>;
