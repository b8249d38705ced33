import { z } from 'zod';
import { instantOutput } from '../dates';
import { storableString } from '../text';

// Break-the-glass: a Veilig Thuis professional opens a case outside their relation to it by
// stating why. The server decides whether the reason suffices (the access policy's rules) and how
// long the grant runs; the privacy officer reviews every grant afterwards.

export const emergencyAccessBodySchema = z
  .strictObject({
    reason: storableString({ error: 'Dit veld is verplicht.' })
      .trim()
      .min(1, { error: 'Beschrijf waarom u deze casus nu moet inzien.' })
      .max(2_000, { error: 'Maximaal 2000 tekens.' })
      .describe('Waarom deze casus nu nodig is, zonder namen: de privacyfunctionaris beoordeelt de reden.'),
  })
  .meta({ examples: [{ reason: 'Politie belt buiten kantoortijd over acute zorg om een kind op dit adres; regisseur niet bereikbaar.' }] });

export type EmergencyAccessBody = z.input<typeof emergencyAccessBodySchema>;

export const emergencyAccessGrantSchema = z.object({
  grantId: z.string(),
  caseId: z.string(),
  reason: z.string(),
  grantedAt: instantOutput(),
  /** The case is readable for this user until this moment; every read is logged as emergency access. */
  expiresAt: instantOutput(),
});

export type EmergencyAccessGrant = z.infer<typeof emergencyAccessGrantSchema>;
