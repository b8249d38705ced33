import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  HandoverOfferItem,
  RappelPlannerItem,
  TimelineKind,
  WorklistCounts,
  WorklistFacets,
  WorklistItem,
  WorklistName,
  WorklistSortKey,
} from '@ketenregie/contracts';
import type { CaseStatus } from '@ketenregie/cases-domain';
import { caseStatusValues, worklistNames } from '@ketenregie/contracts';
import type { CalendarDate } from '@ketenregie/kernel';
import { addWorkingDays, municipalityKey, workingDaysLeft } from '@ketenregie/kernel';
import type { SqlReadCompanion } from '@ketenregie/event-store';
import { preparedQuery } from '@ketenregie/platform-persistence';
import type { CaseSummaryRow } from '../projections/case-summaries';
import { CASE_SUMMARIES_TABLE, caseRelationColumns, caseSummaries } from '../projections/case-summaries';
import type { FamilyIndexRow } from '../projections/family-index-rows';
import type { CaseRappelRow } from '../projections/case-rappel-rows';
import { CASE_RAPPELS_TABLE } from '../projections/case-rappel-rows';
import { CASE_OPEN_WORK_TABLE } from '../projections/case-open-work';
import { FAMILY_INDEX_TABLE, familyIndex } from '../projections/family-index-rows';
import { CASE_TIMELINE_TABLE, timelineEntryJson } from '../projections/case-timeline.projection';
import type { Bind, CaseFilter } from '../access/case-visibility';
import { endOfWeek } from './amsterdam-day';
import {
  caseFeedbackMessages,
  caseFeedbackMilestones,
  feedbackUndeliveredPredicate,
  feedbackWaitingPredicate,
} from '../case-feedback/case-feedback.projection';

/** What a worklist item shows of a case, and the family id its access-log entry names. */
/** Members holding one of the exact identity keys bound at `keys` (the family index's GIN index). */
const exactFamilyProbe = (keys: string): string => `identity_keys && ${keys}::text[]`;

const worklistColumns = [
  'case_id',
  'family_id',
  'family_label',
  'municipality',
  'status',
  'phase',
  'director',
  'pending_handover_to',
  'assessment_due_on',
  'assessment_overdue',
  'investigation_due_on',
  'investigation_overdue',
  'next_rappel_due_on',
  'next_rappel_deadline_on',
  'rappel_overdue',
  'unacknowledged_flags',
  'oldest_flag_at',
  'last_event_at',
  'version',
] as const;

type WorklistRow = Pick<CaseSummaryRow, (typeof worklistColumns)[number]>;

const worklistSelect = caseSummaries.selectList(worklistColumns);

/** The hand-over worklist adds the offer itself: who offers, to whom, what kind and since when. */
const handoverOfferColumns = [...worklistColumns, 'pending_handover', 'pending_handover_offered_at'] as const;

type HandoverOfferRow = Pick<CaseSummaryRow, (typeof handoverOfferColumns)[number]>;

const handoverOfferSelect = caseSummaries.selectList(handoverOfferColumns);

/** What a partner's task list shows of a case, and what its relations are read from. */
export const taskCaseColumns = [...caseRelationColumns, 'family_label', 'municipality', 'signals'] as const;

export type TaskCaseRow = Pick<CaseSummaryRow, (typeof taskCaseColumns)[number]>;

const taskCaseSelect = caseSummaries.selectList(taskCaseColumns);

/**
 * After a hand-over the local team directs, but Veilig Thuis carries out the rappels: "mine" is
 * then the rappels one owns and has still to do, not the cases one directs.
 */
const rappelOwner = (bind: Bind, viewer: { userId: string }): string => `open_rappel_owner_ids @> array[${bind(viewer.userId)}::text]`;

/** Who asks for a worklist, and on which day. */
type WorklistViewer = { userId: string; organisationId: string; today: CalendarDate };

/** One term of an ORDER BY: a whitelisted column expression and its direction when sorted ascending. */
type OrderTerm = readonly [expression: string, direction: 'asc' | 'desc'];

type WorklistSql = {
  where: (bind: Bind, viewer: WorklistViewer) => string;
  /** The list's urgency order, most urgent first: `sort=deadline`. */
  urgency: (bind: Bind, viewer: WorklistViewer) => readonly OrderTerm[];
  /** What `scope=mine` keeps of the list; without it, the cases the user directs. */
  mine?: (bind: Bind, viewer: WorklistViewer) => string;
  /**
   * A join the page's order reads from (never a filter: a left join on the case), computed once for
   * the list instead of once per listed case.
   */
  orderJoin?: (bind: Bind, viewer: WorklistViewer) => string;
  /**
   * Whether the list may hold a case without open work (`open_work`): feedback is still owed to a
   * referrer after the case closed. Every other list holds only cases with open work.
   */
  closedHistory?: true;
};

/**
 * Two lists read as one, the overdue one first: a tab pages through overdue and due work with one
 * offset, and a case on both (never, by their filters) would still be listed once.
 */
const overdueFirst = (overdue: WorklistSql, due: WorklistSql): WorklistSql => ({
  where: (bind, viewer) => `(${overdue.where(bind, viewer)}) or (${due.where(bind, viewer)})`,
  urgency: (bind, viewer) => [
    [`case when ${overdue.where(bind, viewer)} then 0 else 1 end`, 'asc'],
    ...overdue.urgency(bind, viewer),
    ...due.urgency(bind, viewer),
  ],
  ...(overdue.mine ? { mine: overdue.mine } : {}),
});

const assessmentsDue: WorklistSql = {
  where: (bind, { today }) => `assessment_due_on is not null and not assessment_overdue and assessment_due_on >= ${bind(today)}::date`,
  urgency: () => [
    ['assessment_due_on', 'asc'],
    ['opened_at', 'asc'],
  ],
};

const assessmentsOverdue: WorklistSql = {
  where: (bind, { today }) => `assessment_due_on is not null and (assessment_overdue or assessment_due_on < ${bind(today)}::date)`,
  urgency: assessmentsDue.urgency,
};

const rappelsDue: WorklistSql = {
  where: (bind, { today }) =>
    `next_rappel_due_on <= ${bind(endOfWeek(today))}::date and not rappel_overdue and next_rappel_deadline_on >= ${bind(today)}::date`,
  urgency: () => [
    ['next_rappel_due_on', 'asc'],
    ['next_rappel_deadline_on', 'asc'],
  ],
  mine: rappelOwner,
};

const rappelsOverdue: WorklistSql = {
  where: (bind, { today }) => `next_rappel_due_on is not null and (rappel_overdue or next_rappel_deadline_on < ${bind(today)}::date)`,
  urgency: () => [
    ['next_rappel_deadline_on', 'asc'],
    ['next_rappel_due_on', 'asc'],
  ],
  mine: rappelOwner,
};

/**
 * Terugkoppeling: the cases of the viewer's team where a referrer's feedback is late, due within
 * two working days and not sent, or where the last message of a milestone was refused or failed.
 * Only milestones at which the rules give that referrer a message count (`feedback_owed`). Each
 * part states the predicate of its partial index word for word (case-feedback.projection.ts), so it
 * reads the few outstanding rows, not the whole history of feedback given; the milestones by the
 * team they carry, so not the whole country's either. The register's own director stays the
 * filter that decides: the milestones follow a hand-over only once their projection has seen it.
 */
const feedbackWaiting = (bind: Bind, { today, organisationId }: WorklistViewer): string =>
  `select case_id, due_on from ${caseFeedbackMilestones.name}
    where ${feedbackWaitingPredicate} and director_organisation_id = ${bind(organisationId)} and due_on <= ${bind(addWorkingDays(today, 2))}::date`;

const feedbackUndelivered = `select case_id from ${caseFeedbackMessages.name} where ${feedbackUndeliveredPredicate}`;

const feedbackDue: WorklistSql = {
  closedHistory: true,
  // One set of case ids, so the planner finds the few cases by their key instead of filtering the
  // team's whole history against two lists.
  where: (bind, viewer) =>
    `director_organisation_id = ${bind(viewer.organisationId)} and case_id in (select w.case_id from (${feedbackWaiting(bind, viewer)}) w union select u.case_id from (${feedbackUndelivered}) u)`,
  // The earliest due date of each case's outstanding feedback, once for the list: asked per case,
  // it was an index lookup for each of the team's 1,442 listed cases at 1M cases.
  orderJoin: (bind, viewer) =>
    `left join (select w.case_id, min(w.due_on) as due_on from (${feedbackWaiting(bind, viewer)}) w group by w.case_id) feedback_due using (case_id)`,
  urgency: () => [
    ['feedback_due.due_on', 'asc'],
    ['last_event_at', 'asc'],
  ],
};

/**
 * Each worklist is a filter and an urgency order over the case summaries. A passed date counts as
 * overdue even before the scheduler marked it, so a late scheduler never hides overdue work.
 */
const worklists: Record<WorklistName, WorklistSql> = {
  'my-cases': {
    where: () => `status <> 'closed'`,
    urgency: () => [
      ['least(assessment_due_on, investigation_due_on, next_rappel_due_on)', 'asc'],
      ['last_event_at', 'desc'],
    ],
  },
  'assessments-due': assessmentsDue,
  'assessments-overdue': assessmentsOverdue,
  assessments: overdueFirst(assessmentsOverdue, assessmentsDue),
  'rappels-due': rappelsDue,
  'rappels-overdue': rappelsOverdue,
  rappels: overdueFirst(rappelsOverdue, rappelsDue),
  'recidivism-flags': {
    where: () => 'unacknowledged_flags > 0',
    urgency: () => [['oldest_flag_at', 'asc']],
  },
  // Signals not yet seen on the cases the user's team directs (`scope=mine`: the user's own), oldest first.
  signals: {
    where: (bind, { organisationId }) => `open_signals > 0 and director_organisation_id = ${bind(organisationId)}`,
    urgency: () => [['oldest_open_signal_at', 'asc']],
  },
  // The offers the user may answer (the hand-over decider's rule): those to their organisation's
  // team, and those to them by name. An offer to a colleague by name is not listed: only that
  // colleague can accept it. The one offering sees it on the case, not here.
  'feedback-due': feedbackDue,
  'handovers-offered': {
    where: (bind, { userId, organisationId }) =>
      `pending_handover_to_organisation_id = ${bind(organisationId)} and (pending_handover_to_person_id is null or pending_handover_to_person_id = ${bind(userId)})`,
    urgency: () => [['pending_handover_offered_at', 'asc']],
    // With the organisation, which the list's filter already demands, so the offers' index finds them.
    mine: (bind, { userId, organisationId }) =>
      `pending_handover_to_organisation_id = ${bind(organisationId)} and pending_handover_to_person_id = ${bind(userId)}`,
  },
};

/**
 * The predicate of the register's partial indexes (case-summaries.ts), word for word: a list that
 * states it lets the planner read only the cases with open work, not the region's whole history.
 */
const openWork = 'open_work';

/** "Mine" of a list that names no other: the cases the viewer directs. */
const directedByViewer = (bind: Bind, viewer: WorklistViewer): string => `director_person_id = ${bind(viewer.userId)}`;

/** A worklist's filter for this viewer; `my-cases` is always the viewer's own. */
const worklistWhere = (name: WorklistName, bind: Bind, viewer: WorklistViewer, mine: boolean): string => {
  const sql = worklists[name];
  const where = sql.closedHistory ? sql.where(bind, viewer) : `${openWork} and (${sql.where(bind, viewer)})`;
  if (!mine && name !== 'my-cases') return where;
  return `(${where}) and ${(sql.mine ?? directedByViewer)(bind, viewer)}`;
};

/**
 * What `scope=mine` keeps of any of `names`: each list's own "mine" once. The counts read only
 * those cases, through the indexes on the director, the rappel owners and the offers, instead of
 * every open case of the region with each list's "mine" as a filter.
 */
const mineOfAny = (names: readonly WorklistName[], bind: Bind, viewer: WorklistViewer): string => {
  const mines = new Set(names.map((name) => worklists[name].mine ?? directedByViewer));
  return [...mines].map((mine) => `(${mine(bind, viewer)})`).join(' or ');
};

/** The filters a list and its count share; values only ever as bound parameters. */
export type WorklistFilters = { municipality?: string; status?: CaseStatus };

const filterWhere = (filters: WorklistFilters, bind: Bind): string =>
  [
    // By the key access uses too: "Gorinchem", "gorinchem" and "’s-…" for "'s-…" are one municipality.
    ...(filters.municipality === undefined ? [] : [`municipality_key = ${bind(municipalityKey(filters.municipality))}`]),
    ...(filters.status === undefined ? [] : [`status = ${bind(filters.status)}`]),
  ]
    .map((condition) => ` and ${condition}`)
    .join('');

/**
 * The column expression of each sort key: the only SQL a sort key ever becomes. Status sorts in
 * the order a case goes through them, as the contracts list them; the director by name.
 */
const sortExpressions: Record<Exclude<WorklistSortKey, 'deadline'>, (bind: Bind) => string> = {
  family: () => 'lower(family_label)',
  // The key, as filters and access compare: one municipality's cases stay together however typed.
  municipality: () => 'municipality_key',
  status: (bind) => `array_position(${bind(caseStatusValues)}::text[], status)`,
  director: () => `lower(director->'person'->>'name')`,
  lastChanged: () => 'last_event_at',
};

const flipped = (direction: 'asc' | 'desc'): 'asc' | 'desc' => (direction === 'asc' ? 'desc' : 'asc');

/**
 * The ORDER BY of a list: the chosen column, then the list's urgency, then the case id, so paging
 * never shows a case twice or skips one. Empty values (a case without a deadline) stay last either way.
 */
const orderByOf = (name: WorklistName, sort: WorklistSort, bind: Bind, viewer: WorklistViewer): string => {
  const urgency = worklists[name].urgency(bind, viewer);
  const terms: OrderTerm[] =
    sort.key === 'deadline'
      ? urgency.map(([expression, direction]) => [expression, sort.order === 'asc' ? direction : flipped(direction)])
      : [[sortExpressions[sort.key](bind), sort.order], ...urgency];
  return [...terms.map(([expression, direction]) => `${expression} ${direction} nulls last`), 'case_id asc'].join(', ');
};

export type WorklistSort = { key: WorklistSortKey; order: 'asc' | 'desc' };

const deadlinesOf = (row: WorklistRow, today: CalendarDate): WorklistItem['deadlines'] => ({
  assessmentDueOn: row.assessment_due_on,
  assessmentOverdue: row.assessment_due_on !== null && (row.assessment_overdue || row.assessment_due_on < today),
  assessmentWorkingDaysLeft: row.assessment_due_on === null ? null : workingDaysLeft(today, row.assessment_due_on),
  investigationDueOn: row.investigation_due_on,
  investigationOverdue: row.investigation_due_on !== null && (row.investigation_overdue || row.investigation_due_on < today),
  investigationWorkingDaysLeft: row.investigation_due_on === null ? null : workingDaysLeft(today, row.investigation_due_on),
  nextRappelDueOn: row.next_rappel_due_on,
  nextRappelDeadlineOn: row.next_rappel_deadline_on,
  rappelOverdue: row.next_rappel_deadline_on !== null && (row.rappel_overdue || row.next_rappel_deadline_on < today),
});

const toWorklistItem = (row: WorklistRow, today: CalendarDate): WorklistItem => ({
  caseId: row.case_id,
  familyLabel: row.family_label,
  municipality: row.municipality,
  status: row.status,
  phase: row.phase,
  director: row.director,
  pendingHandoverTo: row.pending_handover_to,
  deadlines: deadlinesOf(row, today),
  unacknowledgedRecidivismFlags: row.unacknowledged_flags,
  oldestUnacknowledgedFlagAt: row.oldest_flag_at,
  lastEventAt: row.last_event_at,
  version: row.version,
});

const toHandoverOfferItem = (row: HandoverOfferRow, today: CalendarDate): HandoverOfferItem => {
  const pending = row.pending_handover;
  // The list's filter asks for a pending offer, and the register writes offer and time together.
  if (pending === null || row.pending_handover_offered_at === null) throw new Error(`case ${row.case_id} has no pending hand-over`);
  return {
    ...toWorklistItem(row, today),
    handover: {
      handoverId: pending.handoverId,
      kind: pending.kind,
      from: pending.from,
      to: pending.to,
      phase: pending.phase,
      offeredAt: row.pending_handover_offered_at,
    },
  };
};

export type Paged<T> = { items: T[]; total: number };

/** A listed case as the access log names it: every family on a list is a read of its data. */
export type ListedCase = { caseId: string; familyId: string };

export type FamilyCandidateRow = Pick<FamilyIndexRow, 'case_id' | 'family_id' | 'member_id' | 'member'> &
  Pick<CaseSummaryRow, 'status' | 'director' | 'family_label' | 'municipality' | 'vt_involvement' | 'last_closure'> & {
    /** Whether the user may see this case in full (`markVisible`); always true when not asked. */
    visible: boolean;
  };

const candidateSelect = `${familyIndex.selectList(['case_id', 'family_id', 'member_id', 'member'], 'f')},
  ${caseSummaries.selectList(['status', 'director', 'family_label', 'municipality', 'vt_involvement', 'last_closure'], 's')}`;

/** What the rappel planner shows of a case besides the rappel itself. */
const plannerColumns = ['case_id', 'family_id', 'family_label', 'municipality', 'status', 'director', 'version'] as const;

const plannerSelect = caseSummaries.selectList(plannerColumns, 's');

/**
 * What the rappel planner shows of a rappel, from the register's rappel rows. Each column under a
 * name of its own: the case's columns beside it have a `status` too.
 */
const rappelSelect = `r.rappel_id as rappel_id, r.owner as rappel_owner, r.due_on::text as rappel_due_on,
  r.deadline_on::text as rappel_deadline_on, r.status as rappel_status, r.outcome as rappel_outcome`;

type PlannedRappelRow = {
  rappel_id: CaseRappelRow['rappel_id'];
  rappel_owner: CaseRappelRow['owner'];
  rappel_due_on: CaseRappelRow['due_on'];
  rappel_deadline_on: CaseRappelRow['deadline_on'];
  rappel_status: CaseRappelRow['status'];
  rappel_outcome: CaseRappelRow['outcome'];
};

const plannedStatus = (rappel: PlannedRappelRow): RappelPlannerItem['rappel']['status'] => {
  // The planner's filter leaves cancelled rappels out; one here means the SQL and this type drifted apart.
  if (rappel.rappel_status === 'cancelled') throw new Error(`rappel ${rappel.rappel_id} is cancelled`);
  return rappel.rappel_status;
};

const caseRowStatements = new WeakMap<readonly string[], string>();

/** The select after a `hits` CTE of case ids: every indexed member of those cases, `visible` as `marked` says. */
const membersOfHits = (marked: string): string =>
  `select ${candidateSelect}, (${marked}) as visible
     from hits h
     join ${FAMILY_INDEX_TABLE} f on f.case_id = h.case_id
     join ${CASE_SUMMARIES_TABLE} s on s.case_id = h.case_id
    order by f.case_id, f.member_id`;

/** Read-only SQL over the cases read models (their logical names, i.e. the active generation's views). */
@Injectable()
export class CaseReadModel {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * `visible` limits the list, its page and its total alike to cases the user may see; the filters
   * and the order are applied here too, so a page is a page of the whole sorted selection.
   */
  async worklist(
    name: WorklistName,
    options: {
      userId: string;
      organisationId: string;
      mine: boolean;
      today: CalendarDate;
      limit: number;
      offset: number;
      visible: CaseFilter;
      sort: WorklistSort;
      filters: WorklistFilters;
    },
  ): Promise<Paged<WorklistItem> & { listed: ListedCase[] }> {
    const params: unknown[] = [];
    const bind: Bind = (value) => {
      params.push(value);
      return `$${params.length}`;
    };
    const viewer: WorklistViewer = { userId: options.userId, organisationId: options.organisationId, today: options.today };
    const where = `(${worklistWhere(name, bind, viewer, options.mine)}) and ${options.visible(bind)}${filterWhere(options.filters, bind)}`;
    const counted = params.length;
    const orderJoin = worklists[name].orderJoin?.(bind, viewer) ?? '';
    const orderBy = orderByOf(name, options.sort, bind, viewer);
    const offers = name === 'handovers-offered';
    const [rows, totals] = await Promise.all([
      this.dataSource.query(
        `select ${offers ? handoverOfferSelect : worklistSelect} from ${CASE_SUMMARIES_TABLE} ${orderJoin} where ${where}
         order by ${orderBy} limit $${params.length + 1} offset $${params.length + 2}`,
        [...params, options.limit, options.offset],
      ) as Promise<Record<string, unknown>[]>,
      this.dataSource.query(
        `select count(*)::int as total from ${CASE_SUMMARIES_TABLE} where ${where}`,
        params.slice(0, counted),
      ) as Promise<{ total: number }[]>,
    ]);
    const read = rows.map((raw) => caseSummaries.read(raw, offers ? handoverOfferColumns : worklistColumns));
    return {
      items: offers
        ? read.map((row) => toHandoverOfferItem(row as HandoverOfferRow, options.today))
        : read.map((row) => toWorklistItem(row, options.today)),
      total: totals[0]?.total ?? 0,
      listed: read.map((row) => ({ caseId: row.case_id, familyId: row.family_id })),
    };
  }

  /**
   * How many cases each worklist holds for the viewer, in one pass over the cases `visible` lets
   * through, with each list's own filter and the same chosen filters: a count never differs from
   * the total of its list.
   */
  async worklistCounts(options: {
    userId: string;
    organisationId: string;
    mine: boolean;
    today: CalendarDate;
    visible: CaseFilter;
    filters: WorklistFilters;
  }): Promise<WorklistCounts> {
    const viewer: WorklistViewer = { userId: options.userId, organisationId: options.organisationId, today: options.today };
    // The lists of open work in one pass over the visible cases with open work; a list that may
    // hold closed cases in a statement of its own, which its own filter narrows first.
    const count = (names: readonly WorklistName[], table: string, within: (bind: Bind) => string): Promise<Record<string, number>> => {
      const params: unknown[] = [];
      const bind: Bind = (value) => {
        params.push(value);
        return `$${params.length}`;
      };
      const counts = names
        .map((name) => `count(*) filter (where ${worklistWhere(name, bind, viewer, options.mine)})::int as "${name}"`)
        .join(', ');
      const where = `(${within(bind)}) and ${options.visible(bind)}${filterWhere(options.filters, bind)}`;
      return (this.dataSource.query(`select ${counts} from ${table} where ${where}`, params) as Promise<Record<string, number>[]>).then(
        (rows) => rows[0] ?? {},
      );
    };
    const openLists = worklistNames.filter((name) => !worklists[name].closedHistory);
    const parts = await Promise.all([
      // The open-work rows hold every column these lists, "mine" and the need-to-know filter read.
      count(openLists, CASE_OPEN_WORK_TABLE, (bind) =>
        options.mine ? `${openWork} and (${mineOfAny(openLists, bind, viewer)})` : openWork,
      ),
      ...worklistNames
        .filter((name) => worklists[name].closedHistory)
        .map((name) => count([name], CASE_SUMMARIES_TABLE, (bind) => worklistWhere(name, bind, viewer, options.mine))),
    ]);
    const row = Object.assign({}, ...parts) as Record<string, number>;
    return Object.fromEntries(worklistNames.map((name) => [name, row[name] ?? 0])) as WorklistCounts;
  }

  /**
   * The rappels due from `from` to `to` (cancelled ones left out), one row per rappel, open and
   * overdue first, then by due date. When the span holds today the open rappels due before it
   * come too, so nothing still to do drops out of sight by turning the week. A passed last day
   * counts as overdue even before the scheduler marked it. `ownerId`: only the rappels that
   * person carries out. `visible` is a need-to-know filter over the access columns
   * (`fullAccessCaseFilter`), which the rappel rows carry as the register has them: it keeps the
   * viewer's rappels before the join, and the register's own row still decides after it.
   */
  async rappelPlanner(options: {
    from: CalendarDate;
    to: CalendarDate;
    today: CalendarDate;
    ownerId: string | null;
    limit: number;
    visible: CaseFilter;
  }): Promise<{ items: RappelPlannerItem[]; total: number; listed: ListedCase[] }> {
    const params: unknown[] = [];
    const bind: Bind = (value) => {
      params.push(value);
      return `$${params.length}`;
    };
    // Each branch states the predicate of one of the rappel table's partial indexes word for word.
    const open = `r.status in ('scheduled', 'due')`;
    const listedRappel = `r.status <> 'cancelled'`;
    const overdue = `(${open} and (r.overdue or r.deadline_on < ${bind(options.today)}::date))`;
    const from = bind(options.from);
    const to = bind(options.to);
    const owner = options.ownerId === null ? '' : `and r.owner_person_id = ${bind(options.ownerId)}`;
    const inSpan = `(${listedRappel} and r.due_on between ${from}::date and ${to}::date ${owner})`;
    const earlierStillOpen =
      options.from <= options.today && options.today <= options.to ? `or (${open} and r.due_on < ${from}::date ${owner})` : '';
    const rows = (await this.dataSource.query(
      `select ${plannerSelect}, ${rappelSelect}, ${overdue} as late, count(*) over ()::int as total
         from ${CASE_RAPPELS_TABLE} r join ${CASE_SUMMARIES_TABLE} s on s.case_id = r.case_id
        where (${inSpan} ${earlierStillOpen}) and ${options.visible(bind, 'r')} and ${options.visible(bind, 's')}
        order by late desc, r.due_on asc, r.deadline_on asc, s.case_id, r.rappel_id
        limit ${bind(options.limit)}`,
      params,
    )) as (Record<string, unknown> & PlannedRappelRow & { late: boolean; total: number })[];
    const listed = new Map<string, ListedCase>();
    const items = rows.map((raw): RappelPlannerItem => {
      const row = caseSummaries.read(raw, plannerColumns);
      listed.set(row.case_id, { caseId: row.case_id, familyId: row.family_id });
      return {
        caseId: row.case_id,
        version: row.version,
        familyLabel: row.family_label,
        municipality: row.municipality,
        status: row.status,
        director: row.director,
        rappel: {
          rappelId: raw.rappel_id,
          owner: raw.rappel_owner,
          dueOn: raw.rappel_due_on,
          deadlineOn: raw.rappel_deadline_on,
          status: plannedStatus(raw),
          overdue: raw.late,
          ...(raw.rappel_outcome ? { outcome: raw.rappel_outcome } : {}),
        },
      };
    });
    return { items, total: rows[0]?.total ?? 0, listed: [...listed.values()] };
  }

  /**
   * The municipalities and statuses on a worklist, each once, without the chosen filters: the
   * filter chips a list offers. Names no family, so it is no read of anyone's data.
   */
  async worklistFacets(
    name: WorklistName,
    options: { userId: string; organisationId: string; mine: boolean; today: CalendarDate; visible: CaseFilter },
  ): Promise<WorklistFacets> {
    const params: unknown[] = [];
    const bind: Bind = (value) => {
      params.push(value);
      return `$${params.length}`;
    };
    const viewer: WorklistViewer = { userId: options.userId, organisationId: options.organisationId, today: options.today };
    // One chip per municipality however its cases spell it, named as most of them do.
    const rows = (await this.dataSource.query(
      `select mode() within group (order by municipality) as municipality, array_agg(distinct status) as statuses
         from ${CASE_SUMMARIES_TABLE}
        where (${worklistWhere(name, bind, viewer, options.mine)}) and ${options.visible(bind)}
        group by municipality_key`,
      params,
    )) as { municipality: string; statuses: CaseStatus[] }[];
    const municipalities = rows.map((row) => row.municipality).sort((a, b) => a.localeCompare(b, 'nl'));
    const present = new Set(rows.flatMap((row) => row.statuses));
    return { municipalities, statuses: caseStatusValues.filter((status) => present.has(status)) };
  }

  /** A page of the cases `filter` lets through (a partner's tasks), most recently changed first, with the total. */
  async taskCases(filter: CaseFilter, options: { limit: number; offset: number }): Promise<Paged<TaskCaseRow>> {
    const params: unknown[] = [];
    const bind: Bind = (value) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = filter(bind);
    const [rows, counted] = await Promise.all([
      this.dataSource.query(
        `select ${taskCaseSelect} from ${CASE_SUMMARIES_TABLE} where ${where}
         order by last_event_at desc, case_id limit $${params.length + 1} offset $${params.length + 2}`,
        [...params, options.limit, options.offset],
      ) as Promise<Record<string, unknown>[]>,
      this.dataSource.query(`select count(*)::int as total from ${CASE_SUMMARIES_TABLE} where ${where}`, params) as Promise<
        { total: number }[]
      >,
    ]);
    return { items: rows.map((raw) => caseSummaries.read(raw, taskCaseColumns)), total: counted[0]?.total ?? 0 };
  }

  /** The named columns of one case's register row; callers pass a constant list, so its statement is built once. */
  async caseRow<K extends keyof CaseSummaryRow & string>(
    caseId: string,
    columns: readonly K[],
  ): Promise<Pick<CaseSummaryRow, K> | undefined> {
    let text = caseRowStatements.get(columns);
    if (text === undefined) {
      text = `select ${caseSummaries.selectList(columns)} from ${CASE_SUMMARIES_TABLE} where case_id = $1`;
      caseRowStatements.set(columns, text);
    }
    const { rows } = await preparedQuery(this.dataSource, text, [caseId]);
    return rows[0] && caseSummaries.read(rows[0], columns);
  }

  /**
   * One page of a case's timeline as the JSON texts of its entries, newest first, assembled by
   * PostgreSQL from the stored columns (see the timeline projection), with the number of entries
   * the filter matches.
   */
  async timeline(
    caseId: string,
    options: { kind?: TimelineKind; limit: number; offset: number },
  ): Promise<{ entries: string[]; total: number }> {
    const byKind = options.kind !== undefined;
    const where = byKind ? 'case_id = $1 and kind = $2' : 'case_id = $1';
    const filter = byKind ? [caseId, options.kind] : [caseId];
    const [page, counted] = await Promise.all([
      preparedQuery<{ entry: string }>(
        this.dataSource,
        `select ${timelineEntryJson('t')} as entry from ${CASE_TIMELINE_TABLE} t where ${where} order by revision desc limit $${filter.length + 1} offset $${filter.length + 2}`,
        [...filter, options.limit, options.offset],
      ),
      preparedQuery<{ total: number }>(this.dataSource, `select count(*)::int as total from ${CASE_TIMELINE_TABLE} where ${where}`, filter),
    ]);
    return { entries: page.rows.map((row) => row.entry), total: counted.rows[0]?.total ?? 0 };
  }

  /**
   * Every indexed member of the cases with a member whose exact identity (`exactLookupKeys`: date of
   * birth, family name and first given name, for each spelling) is among `identityKeys`, among all
   * cases: duplicate prevention must see every family whoever knows it, so nothing caps this. A key
   * is one person's identity, shared by a handful of cases at most, so the index finds them directly
   * (a date of birth alone is shared by hundreds to a thousand people nationally). `markVisible`
   * says per row whether the user may see the case.
   */
  /**
   * `hits`: the cases `exactFamilyHitsWith` found for these keys, when the caller probed already.
   */
  async exactFamilyCandidates(
    identityKeys: string[],
    options: { markVisible?: CaseFilter; hits?: readonly string[] } = {},
  ): Promise<FamilyCandidateRow[]> {
    if (identityKeys.length === 0) return [];
    // Most intakes are of a family nobody knows: a probe of the index alone answers those, where
    // planning the whole statement (members, register, visibility) took 0.4 ms of PostgreSQL's CPU
    // on every intake. Planned for its keys each time, not prepared: a generic plan made while the
    // index was small scanned the whole table until the next ANALYZE.
    const hits =
      options.hits ??
      (
        (await this.dataSource.query(`select distinct case_id from ${FAMILY_INDEX_TABLE} where ${exactFamilyProbe('$1')}`, [
          identityKeys,
        ])) as { case_id: string }[]
      ).map((hit) => hit.case_id);
    if (hits.length === 0) return [];
    const params: unknown[] = [hits];
    const bind: Bind = (value) => {
      params.push(value);
      return `$${params.length}`;
    };
    const marked = options.markVisible ? options.markVisible(bind, 's') : 'true';
    return (await this.dataSource.query(
      `with hits as (select unnest($1::text[]) as case_id)
       ${membersOfHits(marked)}`,
      params,
    )) as FamilyCandidateRow[];
  }

  /**
   * The probe of `exactFamilyCandidates` in the statement of a companion (`SqlReadCompanion`, e.g.
   * the claim of the request's Idempotency-Key): an intake of a new family then makes one round
   * trip for both. Answers the cases whose members hold one of the keys, and the companion's row.
   */
  async exactFamilyHitsWith(
    identityKeys: string[],
    companion: SqlReadCompanion,
  ): Promise<{ hits: string[]; companion: Record<string, unknown> | undefined }> {
    const probeKeys = `$${companion.values.length + 1}`;
    const [row] = (await this.dataSource.query(
      `with ${companion.ctes}
       select (select to_jsonb(x) from ${companion.result} x limit 1) as companion,
              array(select distinct case_id from ${FAMILY_INDEX_TABLE} where ${exactFamilyProbe(probeKeys)}) as hits`,
      [...companion.values, identityKeys],
    )) as { companion: Record<string, unknown> | null; hits: string[] }[];
    return { hits: row?.hits ?? [], companion: row?.companion ?? undefined };
  }

  /**
   * Every indexed member of the best `maxCases` cases that share a blocking key with the search (a
   * date of birth, an exact or swapped name, an address), among the cases `visible` lets through
   * (filtered before the cap, so invisible matches cannot crowd out a visible one). Best by a
   * score in SQL: the same date of birth, a shared name or address key, and the trigram similarity
   * of the names (`names` against `nameTexts`, both orders). A typo keeps a name far more similar
   * than a stranger's with the same date of birth, so the cap cuts the least likely families, never
   * arbitrary ones. Without `visible` every case counts; `markVisible` then says per row whether
   * the user may see it.
   */
  async familyCandidates(
    keys: string[],
    options: { visible?: CaseFilter; markVisible?: CaseFilter; maxCases?: number; nameTexts?: string[] } = {},
  ): Promise<FamilyCandidateRow[]> {
    const datesOfBirth = keys.filter((key) => key.startsWith('dob:')).map((key) => key.slice('dob:'.length));
    const otherKeys = keys.filter((key) => !key.startsWith('dob:'));
    const params: unknown[] = [keys, options.maxCases ?? 200, datesOfBirth, otherKeys, options.nameTexts ?? []];
    const bind: Bind = (value) => {
      params.push(value);
      return `$${params.length}`;
    };
    const filter = options.visible ? `and ${options.visible(bind, 's')}` : '';
    const marked = options.markVisible ? options.markVisible(bind, 's') : 'true';
    // Planned for its own keys every time, never prepared: a prepared statement's generic plan
    // cannot know how few rows these keys match, and its cost grew with every case in the index
    // (7 ms per intake by the end of a benchmark run; planning it for the keys at hand takes 0.4 ms).
    const rows = (await this.dataSource.query(
      `with members as (
         select f.case_id,
                (f.date_of_birth = any($3::date[]))::int
              + (f.keys && $4::text[])::int
              + coalesce((select max(similarity(n, q)) from unnest(f.names) n, unnest($5::text[]) q), 0) as score
           from ${FAMILY_INDEX_TABLE} f
           join ${CASE_SUMMARIES_TABLE} s on s.case_id = f.case_id
          where f.keys && $1::text[] ${filter}
       ),
       hits as (
         select case_id, max(score) as score from members group by case_id order by score desc, case_id limit $2
       )
       ${membersOfHits(marked)}`,
      params,
    )) as FamilyCandidateRow[];
    return rows;
  }
}
