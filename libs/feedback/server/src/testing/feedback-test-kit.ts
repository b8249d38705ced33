import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { EventStore } from '@ketenregie/event-store';
import type { Milestone, Referrer } from '@ketenregie/feedback-domain';
import { queueFeedback } from '../queue-feedback/queue-feedback';

export const testSender = 'terugkoppeling@vt-zhz.example';
export const testPortal = { secret: randomBytes(32), baseUrl: 'https://ketenregie.example' };

export const outsideProfessional: Referrer = {
  kind: 'outside-professional',
  name: 'H. de Huisarts',
  organisation: 'Praktijk Centrum',
  email: 'huisarts@praktijk.example',
  namingEndangers: false,
  feedback: { kind: 'granted', channel: 'email' },
};

export const assessmentDone = (reference: string): Milestone => ({
  kind: 'safety-assessment-done',
  reference,
  endedAt: '2026-03-06T15:00:00Z',
  followUpStarted: true,
  assessment: { conclusion: 'GEHEIME-CONCLUSIE', findings: ['GEHEIME-BEVINDING'] },
  plan: { safetyConditions: ['GEEN-ROL-VOORWAARDE'], monitoringAgreements: [] },
  context: { otherReportCount: 1, otherReferrers: ['ANDERE-MELDER'] },
});

/** Queues one message for a new case; returns its ids and the checkpoint of its event. */
export const queueOne = async (store: EventStore, overrides: { note?: string; referrer?: Referrer } = {}) => {
  const caseId = randomUUID();
  const messageId = randomUUID();
  const outcome = await queueFeedback(store, {
    messageId,
    caseId,
    reportId: randomUUID(),
    referrer: overrides.referrer ?? outsideProfessional,
    milestone: assessmentDone(`VT-2026-${caseId.slice(0, 5)}`),
    hasPlanRole: false,
    locale: 'nl',
    note: overrides.note,
    metadata: { now: new Date().toISOString() },
  });
  if (outcome.kind !== 'queued') throw new Error(`not queued: ${outcome.reason}`);
  return { caseId, messageId, checkpoint: outcome.append.checkpoint };
};

export const claimsOf = async (db: DataSource, messageId: string) =>
  (
    (await db.query(`select attempts, outcome, last_error from feedback_delivery_claims where message_id = $1`, [messageId])) as {
      attempts: number;
      outcome: string | null;
      last_error: string | null;
    }[]
  )[0];
