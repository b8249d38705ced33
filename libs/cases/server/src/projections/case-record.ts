import type { CalendarDate } from '@ketenregie/kernel';
import type { CaseEvent, Director, HandoverReceiver, Household, OpenedCase } from '@ketenregie/cases-domain';
import { caseDecider, isOpened } from '@ketenregie/cases-domain';
import { ERASED_TEXT } from '@ketenregie/access-contracts';
import { isErasedName } from '../erasure/erased-case';
import type { CaseAccessColumns } from '../access/case-relations';
import { caseAccessColumns } from '../access/case-relations';

/**
 * What the case register keeps per case to fold the next batch without reading the stream: the
 * domain state plus the few instants the state does not hold.
 */
export type CaseRecord = {
  state: OpenedCase;
  openedAt: string;
  lastEventAt: string;
  version: number;
  /** Raise time of each recidivism flag, so the oldest unacknowledged one can lead the worklist. */
  flagRaisedAt: Record<string, string>;
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
      event.type === 'cases.recidivism-flag-raised'
        ? { ...current?.flagRaisedAt, [event.data.flagId]: at }
        : (current?.flagRaisedAt ?? {});
    // A report typed in days after it was received dates itself back; the case did not go back in time.
    const lastEventAt = current && current.lastEventAt > at ? current.lastEventAt : at;
    current = { state, openedAt: current?.openedAt ?? at, lastEventAt, version: revision, flagRaisedAt };
  }
  return current;
};

/** Surname (with tussenvoegsel) and the digits of the postcode: enough to recognise a family on a list. */
export const familyLabel = (household: Household): string => {
  const lead = household.members.find((member) => member.role === 'adult') ?? household.members[0];
  if (isErasedName(lead?.name) || household.address.postcode === ERASED_TEXT) return ERASED_TEXT;
  const surname = lead ? [lead.name.prefix, lead.name.familyName].filter(Boolean).join(' ') : 'Onbekend';
  return `${surname}, ${household.address.postcode.slice(0, 4)}`;
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

export type CaseSummaryRow = {
  case_id: string;
  family_id: string;
  status: string;
  phase: string;
  director_person_id: string;
  director_organisation_id: string;
  director: Director;
  pending_handover_to: HandoverReceiver | null;
  pending_handover_to_person_id: string | null;
  family_label: string;
  municipality: string;
  assessment_due_on: CalendarDate | null;
  assessment_overdue: boolean;
  investigation_due_on: CalendarDate | null;
  investigation_overdue: boolean;
  next_rappel_due_on: CalendarDate | null;
  next_rappel_deadline_on: CalendarDate | null;
  rappel_overdue: boolean;
  unacknowledged_flags: number;
  oldest_flag_at: string | null;
  opened_at: string;
  last_event_at: string;
  version: number;
  record: CaseRecord;
} & CaseAccessColumns;

export const caseSummaryRow = (record: CaseRecord): CaseSummaryRow => {
  const { state } = record;
  const deadlines = caseDeadlines(state);
  const openFlags = state.recidivismFlags.filter((flag) => !flag.acknowledged);
  const flagTimes = openFlags
    .map((flag) => record.flagRaisedAt[flag.flagId])
    .filter((value): value is string => value !== undefined)
    .sort();
  return {
    case_id: state.caseId,
    family_id: state.familyId,
    status: state.status,
    phase: state.phase,
    director_person_id: state.director.person.personId,
    director_organisation_id: state.director.organisation.organisationId,
    director: state.director,
    pending_handover_to: state.pendingHandover?.to ?? null,
    pending_handover_to_person_id: state.pendingHandover?.to.person?.personId ?? null,
    family_label: familyLabel(state.household),
    municipality: state.household.address.municipality,
    assessment_due_on: deadlines.assessmentDueOn,
    assessment_overdue: deadlines.assessmentOverdue,
    investigation_due_on: deadlines.investigationDueOn,
    investigation_overdue: deadlines.investigationOverdue,
    next_rappel_due_on: deadlines.nextRappelDueOn,
    next_rappel_deadline_on: deadlines.nextRappelDeadlineOn,
    rappel_overdue: deadlines.rappelOverdue,
    unacknowledged_flags: openFlags.length,
    oldest_flag_at: flagTimes[0] ?? null,
    opened_at: record.openedAt,
    last_event_at: record.lastEventAt,
    version: record.version,
    record,
    // What the visibility filters of lists and searches compare, indexed (case-visibility.ts).
    ...caseAccessColumns(state),
  };
};
