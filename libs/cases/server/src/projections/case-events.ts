import type { RecordedEvent } from '@ketenregie/event-store';
import type { CaseEvent } from '@ketenregie/cases-domain';
import { isCaseEventType } from '@ketenregie/cases-domain';
import { withErasedPlaceholders } from '../erasure/erased-case';

/** One stream per case; the command side writes it under the same name. */
export const caseStreamPrefix = 'case-';

export const caseStreamId = (caseId: string): string => `${caseStreamPrefix}${caseId}`;

export const caseIdOfStream = (streamId: string): string | undefined =>
  streamId.startsWith(caseStreamPrefix) ? streamId.slice(caseStreamPrefix.length) : undefined;

/**
 * The domain event a stored event carries, or undefined for foreign types. Every case event is
 * still at schema version 1, so there is nothing to upcast yet; an upcaster belongs here. Values of
 * an erased family come back as typed placeholders, so no fold or label fails on them.
 */
export const toCaseEvent = (recorded: RecordedEvent): CaseEvent | undefined => {
  if (!isCaseEventType(recorded.type)) return undefined;
  return withErasedPlaceholders({ type: recorded.type, schemaVersion: recorded.schemaVersion, data: recorded.data } as CaseEvent);
};

/** The business time the event states itself, when it carries one (time-driven marks carry dates only). */
const statedInstant = (event: CaseEvent): string | undefined => {
  switch (event.type) {
    case 'cases.case-opened':
      return event.data.openedAt;
    case 'cases.advice-request-received':
    case 'cases.report-received':
      return event.data.receivedAt;
    case 'cases.case-reopened':
      return event.data.reopenedAt;
    case 'cases.recidivism-flag-raised':
      return event.data.raisedAt;
    case 'cases.recidivism-flag-acknowledged':
      return event.data.acknowledgedAt;
    case 'cases.family-kept-separate':
      return event.data.keptSeparateAt;
    case 'cases.members-merged':
      return event.data.mergedAt;
    case 'cases.member-removed':
      return event.data.removedAt;
    case 'cases.handover-offered':
      return event.data.offeredAt;
    case 'cases.handover-accepted':
      return event.data.acceptedAt;
    case 'cases.handover-declined':
      return event.data.declinedAt;
    case 'cases.handover-withdrawn':
      return event.data.withdrawnAt;
    case 'cases.case-escalated':
      return event.data.escalatedAt;
    case 'cases.phase-changed':
      return event.data.changedAt;
    case 'cases.chain-partner-registered':
      return event.data.registeredAt;
    case 'cases.chain-partner-involvement-ended':
      return event.data.endedAt;
    case 'cases.acute-unsafety-registered':
      return event.data.registeredAt;
    case 'cases.safety-assessment-started':
    case 'cases.conditions-and-follow-up-started':
    case 'cases.investigation-started':
      return event.data.startedAt;
    case 'cases.safety-assessment-completed':
    case 'cases.investigation-completed':
    case 'cases.rappel-completed':
      return event.data.completedAt;
    case 'cases.child-protection-investigation-requested':
      return event.data.requestedAt;
    case 'cases.case-closed':
      return event.data.closedAt;
    case 'cases.safety-condition-added':
      return event.data.addedAt;
    case 'cases.safety-condition-revised':
      return event.data.revisedAt;
    case 'cases.safety-condition-status-recorded':
      return event.data.recordedAt;
    case 'cases.plan-part-updated':
      return event.data.updatedAt;
    case 'cases.rappels-scheduled':
      return event.data.scheduledAt;
    case 'cases.rappel-rescheduled':
      return event.data.rescheduledAt;
    case 'cases.signal-raised':
      return event.data.raisedAt;
    case 'cases.signal-acknowledged':
      return event.data.acknowledgedAt;
    case 'cases.feedback-requested':
      return event.data.requestedAt;
    case 'cases.safety-assessment-overdue':
    case 'cases.investigation-overdue':
    case 'cases.rappel-became-due':
    case 'cases.rappel-became-overdue':
      return undefined;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
};

const validInstant = (value: unknown): Date | undefined => {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

/**
 * When the event happened in the world: the instant in its payload, else the command's timestamp,
 * else when it was stored. Timelines and the as-of replay use this, not the storage time, so a
 * case imported or replayed later still shows its real history.
 */
export const occurredAt = (event: CaseEvent, recorded: RecordedEvent): Date =>
  validInstant(statedInstant(event)) ?? validInstant(recorded.metadata.timestamp) ?? recorded.recordedAt;
