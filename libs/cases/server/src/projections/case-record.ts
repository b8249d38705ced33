import type { CalendarDate } from '@ketenregie/kernel';
import type { CaseEvent, OpenedCase } from '@ketenregie/cases-domain';
import { caseDecider, isOpened } from '@ketenregie/cases-domain';

/**
 * What the case register folds a batch into: the domain state plus the few instants the state does
 * not hold. It lives only in memory; the register stores it as the columns of `caseSummaries`,
 * from which the next batch reassembles it.
 */
export type CaseRecord = {
  state: OpenedCase;
  openedAt: string;
  lastEventAt: string;
  version: number;
  /** Raise time of each recidivism flag, so the oldest unacknowledged one can lead the worklist. */
  flagRaisedAt: Record<string, string>;
  /** When the pending hand-over was offered (the offer's own instant); null without one. */
  handoverOfferedAt: string | null;
};

export type FoldableEvent = { event: CaseEvent; revision: number; occurredAt: Date };

/** Folds events into a record; `undefined` in means the case is new. Events at or below the record's version are skipped. */
export const foldCaseRecord = (record: CaseRecord | undefined, events: readonly FoldableEvent[]): CaseRecord | undefined => {
  let current = record;
  for (const { event, revision, occurredAt } of events) {
    if (current && revision <= current.version) continue;
    const at = occurredAt.toISOString();
    const state = caseDecider.evolve(current?.state ?? caseDecider.initialState(), event);
    if (!isOpened(state)) continue;
    const flagRaisedAt =
      event.type === 'cases.recidivism-flag-raised' ? { ...current?.flagRaisedAt, [event.data.flagId]: at } : (current?.flagRaisedAt ?? {});
    // The state keeps who offered to whom, not when: the receiver's worklist shows how long an offer waits.
    const handoverOfferedAt =
      state.pendingHandover === null
        ? null
        : event.type === 'cases.handover-offered'
          ? event.data.offeredAt
          : (current?.handoverOfferedAt ?? at);
    // A report typed in days after it was received dates itself back; the case did not go back in time.
    const lastEventAt = current && current.lastEventAt > at ? current.lastEventAt : at;
    current = { state, openedAt: current?.openedAt ?? at, lastEventAt, version: revision, flagRaisedAt, handoverOfferedAt };
  }
  return current;
};

export type CaseDeadlines = {
  assessmentDueOn: CalendarDate | null;
  assessmentOverdue: boolean;
  investigationDueOn: CalendarDate | null;
  investigationOverdue: boolean;
  nextRappelDueOn: CalendarDate | null;
  nextRappelDeadlineOn: CalendarDate | null;
  rappelOverdue: boolean;
};

const earliest = <T extends { dueOn: CalendarDate }>(items: T[]): T | undefined =>
  [...items].sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0))[0];

/**
 * Open deadlines as the state records them. `overdue` here is only what the scheduler marked;
 * queries also treat a passed date as overdue, so a late scheduler never hides overdue work.
 */
export const caseDeadlines = (state: OpenedCase): CaseDeadlines => {
  const closed = state.status === 'closed';
  const assessments = closed ? [] : state.assessments.filter((assessment) => assessment.status !== 'completed');
  const investigations = closed ? [] : state.investigations.filter((investigation) => investigation.status === 'running');
  const rappels = state.rappels.filter((rappel) => rappel.status === 'scheduled' || rappel.status === 'due');
  const assessment = earliest(assessments);
  const investigation = earliest(investigations);
  const rappel = earliest(rappels);
  return {
    assessmentDueOn: assessment?.dueOn ?? null,
    assessmentOverdue: assessments.some((candidate) => candidate.overdue),
    investigationDueOn: investigation?.dueOn ?? null,
    investigationOverdue: investigations.some((candidate) => candidate.overdue),
    nextRappelDueOn: rappel?.dueOn ?? null,
    nextRappelDeadlineOn: rappel?.deadlineOn ?? null,
    rappelOverdue: rappels.some((candidate) => candidate.overdue),
  };
};
