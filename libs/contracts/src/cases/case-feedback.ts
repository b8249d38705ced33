import { z } from 'zod';
import { dayOutput, instantOutput } from '../dates';
import { optionalId, optionalText, storableString } from '../text';

/** The fixed moments a referrer hears back (the feedback context's milestone kinds). */
export const feedbackMilestoneValues = [
  'report-received',
  'safety-assessment-done',
  'handed-over',
  'investigation-finished',
  'case-closed',
] as const;

export type FeedbackMilestoneName = (typeof feedbackMilestoneValues)[number];

/**
 * How a message's delivery stands: `queued` waits for the mail worker; `portal-only` is shown in
 * the referrer portal only; the rest are how the e-mail ended.
 */
export const deliveryStatusValues = ['queued', 'portal-only', 'delivered', 'refused', 'failed'] as const;

export type DeliveryStatus = (typeof deliveryStatusValues)[number];

/**
 * Whether feedback with a deadline went out in time: `on-time`/`late` once sent; `due` not yet
 * sent and the deadline not passed; `overdue` not sent and the deadline passed.
 */
export const feedbackTimelinessValues = ['on-time', 'late', 'due', 'overdue'] as const;

export const referrerKindValues = ['directory-professional', 'outside-professional', 'citizen', 'informant', 'anonymous'] as const;

/** One message to a referrer and how its delivery stands. Never the text: the director previewed it. */
export const feedbackMessageViewSchema = z.object({
  messageId: z.string(),
  milestone: z.enum(feedbackMilestoneValues),
  channel: z.enum(['email', 'portal', 'phone']),
  queuedAt: instantOutput(),
  deliveryStatus: z.enum(deliveryStatusValues),
  attempts: z.number().int().nonnegative(),
  settledAt: instantOutput().nullable(),
  /** With a personal note of staff. */
  personal: z.boolean(),
});

export type FeedbackMessageView = z.infer<typeof feedbackMessageViewSchema>;

/** Per report: who reported (kind only), what they may receive, and each milestone's feedback. */
export const reportFeedbackSchema = z.object({
  reportId: z.string(),
  referrerKind: z.enum(referrerKindValues),
  /** E.g. "Basisschool De Regenboog" or "burger"; never the family's data. */
  referrerLabel: z.string(),
  /** False: no feedback (informant, anonymous, declined, or a citizen past the follow-up decision). */
  receivesFeedback: z.boolean(),
  channel: z.enum(['email', 'portal', 'phone']).nullable(),
  milestones: z.array(
    z.object({
      milestone: z.enum(feedbackMilestoneValues),
      dueOn: dayOutput().nullable(),
      timeliness: z.enum(feedbackTimelinessValues).nullable(),
      messages: z.array(feedbackMessageViewSchema),
    }),
  ),
});

export type ReportFeedback = z.infer<typeof reportFeedbackSchema>;

/** `POST /cases/{caseId}/feedback-previews` and `POST /cases/{caseId}/feedback-messages`. */
export const feedbackRequestBodySchema = z
  .strictObject({
    messageId: optionalId.describe('Nummer van het bericht; zonder nummer leidt de server het af van de Idempotency-Key.'),
    reportId: storableString({ error: 'Kies een melding.' }).min(1).max(200).describe('De melding wier melder het bericht krijgt.'),
    milestone: z
      .enum(feedbackMilestoneValues, { error: 'Kies een moment van terugkoppeling.' })
      .describe('Over welk moment het bericht gaat.'),
    note: optionalText(1_000).describe('Persoonlijke toelichting van de medewerker; de melder leest precies deze tekst.'),
    locale: z.enum(['nl', 'en'], { error: 'Kies Nederlands of Engels.' }).default('nl').describe('`nl`: Nederlands; `en`: Engels.'),
  })
  .meta({ examples: [{ reportId: 'r-1', milestone: 'safety-assessment-done', note: 'Bel gerust als u vragen hebt.', locale: 'nl' }] });

export type FeedbackRequestBody = z.input<typeof feedbackRequestBodySchema>;

/** Exactly what the referrer will read, and through which channel; nothing is sent by a preview. */
export const feedbackPreviewSchema = z.object({
  subject: z.string(),
  text: z.string(),
  channel: z.enum(['email', 'portal', 'phone']),
  /** What the rules left out, in Dutch words for staff (e.g. "de inhoud van het veiligheidsonderzoek"). */
  withheld: z.array(z.string()),
});

export type FeedbackPreview = z.infer<typeof feedbackPreviewSchema>;
