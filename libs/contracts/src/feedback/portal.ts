import { z } from 'zod';
import { dayOutput, instantOutput } from '../dates';
import { storableString } from '../text';
import { feedbackMilestoneValues } from '../cases/case-feedback';
import { signalKindValues } from '../cases/signals';

/** Shown, word for word, for a link that is unknown, expired or already used: the three look alike. */
export const portalLinkGoneMessage = 'Deze link is verlopen of al gebruikt.';

/** `POST /referrer-portal/link-redemptions`: trades the e-mail's single-use link for a short portal session. */
export const portalLinkRedemptionBodySchema = z
  .strictObject({
    token: storableString()
      .min(1, 'Deze link is verlopen of al gebruikt.')
      .max(200, 'Deze link is verlopen of al gebruikt.')
      .describe('Het laatste deel van de link in de e-mail.'),
  })
  .meta({ examples: [{ token: 'q3V0ZWVuLXZvb3JiZWVsZC10b2tlbi12YW4tNDMtdGVrZW5z' }] });

export type PortalLinkRedemptionBody = z.input<typeof portalLinkRedemptionBodySchema>;

export const portalLinkRedemptionSchema = z.object({
  reportId: z.string(),
  /** Until when the portal session of this link lasts. */
  expiresAt: instantOutput(),
});

export type PortalLinkRedemption = z.infer<typeof portalLinkRedemptionSchema>;

/**
 * One status line per report, from the latest milestone the referrer may know of: `received`,
 * `assessing`, `follow-up-started`, `no-follow-up`, `handed-over`, `closed`.
 */
export const portalStatusValues = ['received', 'assessing', 'follow-up-started', 'no-follow-up', 'handed-over', 'closed'] as const;

export const portalMessageSchema = z.object({
  messageId: z.string(),
  milestone: z.enum(feedbackMilestoneValues),
  sentAt: instantOutput(),
  subject: z.string(),
  /** The text as mailed, without the link itself. */
  text: z.string(),
});

export const portalSignalSchema = z.object({
  signalId: z.string(),
  kind: z.enum(signalKindValues),
  reason: z.string(),
  raisedAt: instantOutput(),
  /** The director has seen it. */
  seen: z.boolean(),
});

export const portalReportSchema = z.object({
  reportId: z.string(),
  /** The reference the referrer got on receipt. */
  reference: z.string(),
  receivedOn: dayOutput(),
  status: z.enum(portalStatusValues),
  /** The status line in plain Dutch, e.g. "Veilig Thuis onderzoekt de veiligheid." */
  statusText: z.string(),
  messages: z.array(portalMessageSchema),
  signals: z.array(portalSignalSchema),
  /** Whether a stagnation signal or new concerns can still be sent (not for a closed case). */
  canSignal: z.boolean(),
});

export type PortalReport = z.infer<typeof portalReportSchema>;

export const portalReportsSchema = z.object({ items: z.array(portalReportSchema) });

export type PortalReports = z.infer<typeof portalReportsSchema>;

/** `POST /referrer-portal/reports/{reportId}/signals`. */
export const portalSignalBodySchema = z
  .strictObject({
    kind: z
      .enum(['aid-stalls', 'new-concerns'], { error: 'Kies: de hulp stagneert, of nieuwe zorgen.' })
      .describe('`aid-stalls`: de hulp stagneert; `new-concerns`: nieuwe zorgen.'),
    reason: storableString({ error: 'Dit veld is verplicht.' })
      .trim()
      .min(1, 'Dit veld is verplicht.')
      .max(1_000, 'Maximaal 1000 tekens.')
      .describe('Korte toelichting voor de regisseur.'),
  })
  .meta({ examples: [{ kind: 'aid-stalls', reason: 'Sinds drie weken geen contact meer met de hulpverlener.' }] });

export type PortalSignalBody = z.input<typeof portalSignalBodySchema>;

/** The answer to a signal sent from the portal: the signal as the case records it. */
export const portalSignalRaisedSchema = z.object({ signalId: z.string() });

export type PortalSignalRaised = z.infer<typeof portalSignalRaisedSchema>;

/** `GET /referrer-portal/reports/{reportId}` and the signal route: the report's number. */
export const portalReportParamsSchema = z.strictObject({ reportId: z.string().min(1).max(200) });
