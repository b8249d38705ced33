import { z } from 'zod';
import type { Principal } from '@ketenregie/kernel';
import { instantOutput } from '../dates';
import { optionalId, optionalText, storableString, text } from '../text';

/**
 * What someone outside the case's direction can tell its director. A referrer: the aid stalls, or
 * new concerns about the family. A chain partner with a task in the plan: its task stalls, or the
 * family stopped cooperating.
 */
export const signalKindValues = ['aid-stalls', 'new-concerns', 'task-stalls', 'family-stopped-cooperating'] as const;

export type SignalKind = (typeof signalKindValues)[number];

export const referrerSignalKinds = ['aid-stalls', 'new-concerns'] as const satisfies readonly SignalKind[];
export const partnerSignalKinds = ['task-stalls', 'family-stopped-cooperating'] as const satisfies readonly SignalKind[];

export const signalReasonMaxLength = 1_000;

/**
 * `POST /cases/{caseId}/signals`. Who raises it follows from the caller's relation to the case: a
 * referrer (then `reportId` names their report) or a chain partner with a task (its organisation).
 */
export const raiseSignalBodySchema = z
  .strictObject({
    signalId: optionalId.describe('Nummer van het signaal; zonder nummer leidt de server het af van de Idempotency-Key.'),
    kind: z
      .enum(signalKindValues, { error: 'Kies wat u wilt melden.' })
      .describe(
        '`aid-stalls`: de hulp stagneert; `new-concerns`: nieuwe zorgen (beide voor melders); `task-stalls`: onze taak stagneert; `family-stopped-cooperating`: het gezin werkt niet meer mee (beide voor ketenpartners met een taak).',
      ),
    reason: text(signalReasonMaxLength).describe('Korte toelichting voor de regisseur.'),
    reportId: storableString()
      .min(1, 'Kies een melding.')
      .max(200, 'Kies een bestaande melding.')
      .optional()
      .describe('De melding waar het signaal over gaat; verplicht voor een melder.'),
  })
  .meta({ examples: [{ kind: 'aid-stalls', reason: 'Sinds drie weken geen contact meer met de hulpverlener.', reportId: 'r-1' }] });

export type RaiseSignalBody = z.input<typeof raiseSignalBodySchema>;

/** `POST /cases/{caseId}/signals/{signalId}/acknowledgement`: the director has seen it and says what follows. */
export const acknowledgeSignalBodySchema = z
  .strictObject({ note: optionalText(2_000).describe('Wat de regisseur ermee doet.') })
  .meta({ examples: [{ note: 'Besproken met de hulpverlener; huisbezoek gepland.' }] });

export type AcknowledgeSignalBody = z.input<typeof acknowledgeSignalBodySchema>;

const signalOrganisationSchema = z.object({ organisationId: z.string(), name: z.string() });

/** One signal as the case page shows it; `source` never names a referrer beyond their report. */
export const caseSignalSchema = z.object({
  signalId: z.string(),
  kind: z.enum(signalKindValues),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('referrer'), reportId: z.string() }),
    z.object({ kind: z.literal('chain-partner'), organisation: signalOrganisationSchema }),
  ]),
  reason: z.string(),
  raisedAt: instantOutput(),
  acknowledged: z.object({ at: instantOutput(), by: z.object({ personId: z.string(), name: z.string() }), note: z.string() }).nullable(),
});

export type CaseSignal = z.infer<typeof caseSignalSchema>;

/**
 * How the referrer portal (feedback context) hands a referrer's signal to the cases context, which
 * records it on the case for its director. `account`: a signed-in referrer, checked by the case's
 * access policy like any command; `portal-link`: someone who came in through a single-use e-mail
 * link, which the portal has already tied to exactly this report.
 */
export type PortalSignal = {
  caseId: string;
  reportId: string;
  kind: (typeof referrerSignalKinds)[number];
  reason: string;
  /** Makes a retried request record the signal once. */
  idempotencyKey: string;
  via: { kind: 'account'; principal: Principal } | { kind: 'portal-link'; linkSessionId: string };
};

export type CaseSignalsPort = { raiseFromPortal(signal: PortalSignal): Promise<{ signalId: string }> };

/** The injection token under which the app provides the cases context's `CaseSignalsPort`. */
export const CASE_SIGNALS_PORT = 'ketenregie:case-signals-port';
