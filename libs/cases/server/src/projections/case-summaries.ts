import type { CaseRelations, ReportReferrer } from '@ketenregie/access-domain';
import type { RowOf } from '@ketenregie/event-store';
import { column, readModelTable } from '@ketenregie/event-store';
import type { CalendarDate } from '@ketenregie/kernel';
import type {
  Assessment,
  CaseStatus,
  ChainPartner,
  Director,
  HandoverReceiver,
  Household,
  Investigation,
  OpenedCase,
  PendingHandover,
  Phase,
  Plan,
  Rappel,
  RecidivismFlag,
  ReportRecord,
  CaseSignalRecord,
} from '@ketenregie/cases-domain';
import { ERASED_TEXT } from '@ketenregie/access-contracts';
import { isolateDirection } from '@ketenregie/contracts';
import { caseAccessColumns, caseRelationsOf } from '../access/case-relations';
import { isErasedName } from '../erasure/erased-case';
import type { CaseRecord } from './case-record';
import { caseDeadlines } from './case-record';

export const CASE_SUMMARIES_TABLE = 'case_summaries';

/**
 * The closed cases whose family's personal data is still held: where retention looks for families
 * to erase. The erased history, which only grows, stays out of the index that holds these, so the
 * hourly retention run reads only the cases it may have to act on. Queries repeat it word for
 * word, so the planner can use the index.
 */
export const retainedClosedCase = `status = 'closed' and not family_erased`;

/**
 * The case register's row, one per case. Worklists, the need-to-know filters, retention and
 * search filter and sort on the plain columns (each with its index where a list needs one); case
 * detail reads the nested parts (household, plan, reports, …), each in a jsonb column of its own.
 * Together the columns hold everything the next batch's fold continues from, so no column keeps
 * the case state as one document.
 */
export const caseSummaries = readModelTable(
  CASE_SUMMARIES_TABLE,
  {
    case_id: column.text(),
    family_id: column.text(),
    status: column.text<CaseStatus>(),
    phase: column.text<Phase>(),
    version: column.integer(),
    opened_at: column.timestamptz(),
    last_event_at: column.timestamptz(),
    family_label: column.text(),
    municipality: column.text(),
    director: column.jsonb<Director>(),
    director_person_id: column.text(),
    director_organisation_id: column.text(),
    pending_handover_to: column.nullable(column.jsonb<HandoverReceiver>()),
    pending_handover_to_person_id: column.nullable(column.text()),
    /** When the pending hand-over was offered: the receiver's worklist shows the longest-waiting offer first. */
    pending_handover_offered_at: column.nullable(column.timestamptz()),
    // The need-to-know filters (access/case-visibility.ts) compare these.
    municipality_key: column.text(),
    pending_handover_to_organisation_id: column.nullable(column.text()),
    task_organisation_ids: column.textArray(),
    // Open deadlines as the state records them; queries also treat a passed date as overdue.
    assessment_due_on: column.nullable(column.date<CalendarDate>()),
    assessment_overdue: column.boolean(),
    investigation_due_on: column.nullable(column.date<CalendarDate>()),
    investigation_overdue: column.boolean(),
    next_rappel_due_on: column.nullable(column.date<CalendarDate>()),
    next_rappel_deadline_on: column.nullable(column.date<CalendarDate>()),
    rappel_overdue: column.boolean(),
    /** Who carries out a scheduled or due rappel: "my rappels" after a hand-over. */
    open_rappel_owner_ids: column.textArray(),
    unacknowledged_flags: column.integer(),
    oldest_flag_at: column.nullable(column.timestamptz()),
    /** Retention counts from the last closure. */
    last_closed_on: column.nullable(column.date<CalendarDate>()),
    /**
     * The family's personal data was erased (`cases_erased_families`), so retention has nothing left
     * to do here. Not read from the household: a typed "[gewist]" must not keep a family from erasure.
     */
    family_erased: column.boolean(),
    /**
     * Whether the case is on any worklist but "Terugkoppeling": open, or with an open rappel, an
     * unacknowledged recidivism flag, an open signal or a hand-over offer. About one case in twenty
     * of a national archive; the worklists, their counts and facets read only these rows, through
     * the indexes below that hold only them, so twenty years of closed history cost a list nothing.
     */
    open_work: column.boolean(),
    household: column.jsonb<Household>(),
    pending_handover: column.nullable(column.jsonb<PendingHandover>()),
    plan: column.jsonb<Plan>(),
    reports: column.jsonb<ReportRecord[]>(),
    advice_request_ids: column.textArray(),
    recidivism_flags: column.jsonb<RecidivismFlag[]>(),
    /** Raise time of each recidivism flag, so the oldest unacknowledged one can lead the worklist. */
    flag_raised_at: column.jsonb<Record<string, string>>(),
    assessments: column.jsonb<Assessment[]>(),
    investigations: column.jsonb<Investigation[]>(),
    rappels: column.jsonb<Rappel[]>(),
    chain_partners: column.jsonb<ChainPartner[]>(),
    last_closure: column.nullable(column.jsonb<NonNullable<OpenedCase['lastClosure']>>()),
    vt_involvement: column.text<OpenedCase['vtInvolvement']>(),
    ever_escalated: column.boolean(),
    child_protection_requested: column.boolean(),
    schedule_ids: column.textArray(),
    handover_ids: column.textArray(),
    handed_over_on: column.nullable(column.date<CalendarDate>()),
    handed_over_by: column.nullable(column.jsonb<Director>()),
    // Signals to the director: the "Signalen" worklist shows the cases with open ones, oldest first.
    signals: column.jsonb<CaseSignalRecord[]>(),
    open_signals: column.integer(),
    oldest_open_signal_at: column.nullable(column.timestamptz()),
  },
  {
    key: ['case_id'],
    // Each index a worklist reads holds only the rows with open work (`where open_work`): the lists
    // repeat that predicate word for word, so the planner can use them.
    indexes: [
      '(director_person_id) where open_work',
      '(assessment_due_on) where assessment_due_on is not null',
      '(next_rappel_due_on) where next_rappel_due_on is not null',
      // "Rappels over de termijn": the few cases of the country whose next rappel is past its last
      // day, or marked overdue, without reading every case with a rappel to come (3,648 heap rows
      // read to find none on a 250k-case archive, 6.2 ms; 15 rows and 0.09 ms with these two).
      '(next_rappel_deadline_on) where next_rappel_due_on is not null',
      '(next_rappel_deadline_on) where next_rappel_due_on is not null and rappel_overdue',
      '(oldest_flag_at) where unacknowledged_flags > 0',
      '(oldest_open_signal_at) where open_signals > 0',
      'using gin (open_rappel_owner_ids)',
      '(family_id)',
      // The need-to-know filters of worklists, family search and task lists (access/case-visibility.ts).
      '(director_organisation_id) where open_work',
      '(municipality_key) where open_work',
      // Also the hand-over worklist: the offers waiting for one organisation, longest-waiting first.
      '(pending_handover_to_organisation_id, pending_handover_offered_at) where pending_handover_to_organisation_id is not null',
      'using gin (task_organisation_ids) where open_work',
      // Retention: the families whose last closure is past the retention period (`familiesPastRetention`).
      `(last_closed_on) where ${retainedClosedCase}`,
    ],
  },
);

export type CaseSummaryRow = RowOf<typeof caseSummaries.columns>;

/**
 * Surname (with tussenvoegsel) and the digits of the postcode: enough to recognise a family on a
 * list. Each part is typed text, isolated where its direction could carry over to the other.
 */
export const familyLabel = (household: Household): string => {
  const lead = household.members.find((member) => member.role === 'adult') ?? household.members[0];
  if (isErasedName(lead?.name) || household.address.postcode === ERASED_TEXT) return ERASED_TEXT;
  const surname = lead ? [lead.name.prefix, lead.name.familyName].filter(Boolean).join(' ') : 'Onbekend';
  return `${isolateDirection(surname)}, ${isolateDirection(household.address.postcode.slice(0, 4))}`;
};

const signalColumns = (signals: CaseSignalRecord[]): Pick<CaseSummaryRow, 'signals' | 'open_signals' | 'oldest_open_signal_at'> => {
  const open = signals.filter((signal) => signal.status === 'open').map((signal) => signal.raisedAt);
  return { signals, open_signals: open.length, oldest_open_signal_at: open.sort()[0] ?? null };
};

/** The row a folded record is stored as; `familyErased` when its family is in `cases_erased_families` (the record then erased). */
export const caseSummaryRow = (record: CaseRecord, familyErased = false): CaseSummaryRow => {
  const { state } = record;
  const deadlines = caseDeadlines(state);
  const openFlags = state.recidivismFlags.filter((flag) => !flag.acknowledged);
  const flagTimes = openFlags
    .map((flag) => record.flagRaisedAt[flag.flagId])
    .filter((value): value is string => value !== undefined)
    .sort();
  const openRappelOwners = state.rappels
    .filter((rappel) => rappel.status === 'scheduled' || rappel.status === 'due')
    .map((rappel) => rappel.owner.person?.personId)
    .filter((personId): personId is string => personId !== undefined);
  return {
    case_id: state.caseId,
    family_id: state.familyId,
    status: state.status,
    phase: state.phase,
    version: record.version,
    opened_at: record.openedAt,
    last_event_at: record.lastEventAt,
    family_label: familyLabel(state.household),
    municipality: state.household.address.municipality,
    director: state.director,
    director_person_id: state.director.person.personId,
    director_organisation_id: state.director.organisation.organisationId,
    pending_handover_to: state.pendingHandover?.to ?? null,
    pending_handover_to_person_id: state.pendingHandover?.to.person?.personId ?? null,
    pending_handover_offered_at: state.pendingHandover === null ? null : record.handoverOfferedAt,
    ...caseAccessColumns(state),
    assessment_due_on: deadlines.assessmentDueOn,
    assessment_overdue: deadlines.assessmentOverdue,
    investigation_due_on: deadlines.investigationDueOn,
    investigation_overdue: deadlines.investigationOverdue,
    next_rappel_due_on: deadlines.nextRappelDueOn,
    next_rappel_deadline_on: deadlines.nextRappelDeadlineOn,
    rappel_overdue: deadlines.rappelOverdue,
    open_rappel_owner_ids: [...new Set(openRappelOwners)].sort(),
    unacknowledged_flags: openFlags.length,
    oldest_flag_at: flagTimes[0] ?? null,
    last_closed_on: state.lastClosure?.closedOn ?? null,
    family_erased: familyErased,
    open_work:
      state.status !== 'closed' ||
      openRappelOwners.length > 0 ||
      deadlines.nextRappelDueOn !== null ||
      openFlags.length > 0 ||
      state.signals.some((signal) => signal.status === 'open') ||
      state.pendingHandover !== null,
    household: state.household,
    pending_handover: state.pendingHandover,
    plan: state.plan,
    reports: state.reports,
    advice_request_ids: state.adviceRequestIds,
    recidivism_flags: state.recidivismFlags,
    flag_raised_at: record.flagRaisedAt,
    assessments: state.assessments,
    investigations: state.investigations,
    rappels: state.rappels,
    chain_partners: state.chainPartners,
    last_closure: state.lastClosure,
    vt_involvement: state.vtInvolvement,
    ever_escalated: state.everEscalated,
    child_protection_requested: state.childProtectionRequested,
    schedule_ids: state.scheduleIds,
    handover_ids: state.handoverIds,
    handed_over_on: state.handedOverOn,
    handed_over_by: state.handedOverBy,
    ...signalColumns(state.signals),
  };
};

/** The record the next batch folds on from: the inverse of `caseSummaryRow` (the projection spec checks the round trip). */
export const caseRecordOfRow = (row: CaseSummaryRow): CaseRecord => ({
  state: {
    status: row.status as OpenedCase['status'],
    caseId: row.case_id,
    familyId: row.family_id,
    household: row.household,
    director: row.director,
    pendingHandover: row.pending_handover,
    phase: row.phase,
    vtInvolvement: row.vt_involvement,
    everEscalated: row.ever_escalated,
    lastClosure: row.last_closure,
    reports: row.reports,
    adviceRequestIds: row.advice_request_ids,
    recidivismFlags: row.recidivism_flags,
    assessments: row.assessments,
    investigations: row.investigations,
    childProtectionRequested: row.child_protection_requested,
    plan: row.plan,
    rappels: row.rappels,
    scheduleIds: row.schedule_ids,
    chainPartners: row.chain_partners,
    handoverIds: row.handover_ids,
    handedOverOn: row.handed_over_on,
    handedOverBy: row.handed_over_by,
    signals: row.signals,
  },
  openedAt: row.opened_at,
  lastEventAt: row.last_event_at,
  version: row.version,
  flagRaisedAt: row.flag_raised_at,
  handoverOfferedAt: row.pending_handover_offered_at,
});

/** The columns the access policy's view of a case is read from. */
export const caseRelationColumns = [
  'case_id',
  'family_id',
  'version',
  'status',
  'household',
  'director',
  'pending_handover',
  'chain_partners',
  'plan',
  'reports',
] as const;

export type CaseRelationRow = Pick<CaseSummaryRow, (typeof caseRelationColumns)[number]>;

export const caseRelationsOfRow = (row: CaseRelationRow, referrers: readonly ReportReferrer[] = []): CaseRelations =>
  caseRelationsOf(
    {
      caseId: row.case_id,
      status: row.status,
      household: row.household,
      director: row.director,
      pendingHandover: row.pending_handover,
      chainPartners: row.chain_partners,
      plan: row.plan,
      reports: row.reports,
    },
    referrers,
  );
