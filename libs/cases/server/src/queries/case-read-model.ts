import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TimelineKind, WorklistItem, WorklistName } from '@ketenregie/contracts';
import type { CalendarDate } from '@ketenregie/kernel';
import { preparedQuery } from '@ketenregie/platform-persistence';
import type { CaseDeadlines, CaseRecord } from '../projections/case-record';
import { CASE_SUMMARIES_TABLE, FAMILY_INDEX_TABLE } from '../projections/case-register.projection';
import { CASE_TIMELINE_TABLE } from '../projections/case-timeline.projection';
import type { IndexedMember } from '../projections/family-index-rows';
import type { Bind, CaseFilter } from '../access/case-visibility';
import { endOfWeek } from './amsterdam-day';

type SummaryRow = {
  case_id: string;
  family_id: string;
  family_label: string;
  municipality: string;
  status: WorklistItem['status'];
  phase: WorklistItem['phase'];
  director: WorklistItem['director'];
  pending_handover_to: WorklistItem['director'] | null;
  assessment_due_on: string | null;
  assessment_overdue: boolean;
  investigation_due_on: string | null;
  investigation_overdue: boolean;
  next_rappel_due_on: string | null;
  next_rappel_deadline_on: string | null;
  rappel_overdue: boolean;
  unacknowledged_flags: number;
  oldest_flag_at: Date | null;
  last_event_at: Date;
  version: number;
};

// Dates as text: node-postgres would turn a `date` into a local-midnight Date and shift the day.
const summaryColumns = `case_id, family_id, family_label, municipality, status, phase, director, pending_handover_to,
  assessment_due_on::text as assessment_due_on, assessment_overdue,
  investigation_due_on::text as investigation_due_on, investigation_overdue,
  next_rappel_due_on::text as next_rappel_due_on, next_rappel_deadline_on::text as next_rappel_deadline_on,
  rappel_overdue, unacknowledged_flags, oldest_flag_at, last_event_at, version`;

type WorklistSql = { where: (bind: Bind, today: CalendarDate) => string; orderBy: string };

/**
 * Each worklist is a filter and an urgency order over the case summaries. A passed date counts as
 * overdue even before the scheduler marked it, so a late scheduler never hides overdue work.
 */
const worklists: Record<WorklistName, WorklistSql> = {
  'my-cases': {
    where: () => `status <> 'closed'`,
    orderBy: `least(assessment_due_on, investigation_due_on, next_rappel_due_on) asc nulls last, last_event_at desc`,
  },
  'assessments-due': {
    where: (bind, today) =>
      `assessment_due_on is not null and not assessment_overdue and assessment_due_on >= ${bind(today)}::date`,
    orderBy: 'assessment_due_on asc, opened_at asc',
  },
  'assessments-overdue': {
    where: (bind, today) => `assessment_due_on is not null and (assessment_overdue or assessment_due_on < ${bind(today)}::date)`,
    orderBy: 'assessment_due_on asc, opened_at asc',
  },
  'rappels-due': {
    where: (bind, today) =>
      `next_rappel_due_on <= ${bind(endOfWeek(today))}::date and not rappel_overdue and next_rappel_deadline_on >= ${bind(today)}::date`,
    orderBy: 'next_rappel_due_on asc, next_rappel_deadline_on asc',
  },
  'rappels-overdue': {
    where: (bind, today) =>
      `next_rappel_due_on is not null and (rappel_overdue or next_rappel_deadline_on < ${bind(today)}::date)`,
    orderBy: 'next_rappel_deadline_on asc, next_rappel_due_on asc',
  },
  'recidivism-flags': {
    where: () => 'unacknowledged_flags > 0',
    orderBy: 'oldest_flag_at asc nulls last',
  },
};

const ownedByRappelOwner: ReadonlySet<WorklistName> = new Set(['rappels-due', 'rappels-overdue']);

const deadlinesOf = (row: SummaryRow, today: CalendarDate): CaseDeadlines => ({
  assessmentDueOn: row.assessment_due_on,
  assessmentOverdue: row.assessment_due_on !== null && (row.assessment_overdue || row.assessment_due_on < today),
  investigationDueOn: row.investigation_due_on,
  investigationOverdue:
    row.investigation_due_on !== null && (row.investigation_overdue || row.investigation_due_on < today),
  nextRappelDueOn: row.next_rappel_due_on,
  nextRappelDeadlineOn: row.next_rappel_deadline_on,
  rappelOverdue:
    row.next_rappel_deadline_on !== null && (row.rappel_overdue || row.next_rappel_deadline_on < today),
});

const toWorklistItem = (row: SummaryRow, today: CalendarDate): WorklistItem => ({
  caseId: row.case_id,
  familyLabel: row.family_label,
  municipality: row.municipality,
  status: row.status,
  phase: row.phase,
  director: row.director,
  pendingHandoverTo: row.pending_handover_to,
  deadlines: deadlinesOf(row, today),
  unacknowledgedRecidivismFlags: row.unacknowledged_flags,
  oldestUnacknowledgedFlagAt: row.oldest_flag_at ? row.oldest_flag_at.toISOString() : null,
  lastEventAt: row.last_event_at.toISOString(),
  version: row.version,
});

export type Paged<T> = { items: T[]; total: number };

/** A listed case as the access log names it: every family on a list is a read of its data. */
export type ListedCase = { caseId: string; familyId: string };

export type FamilyCandidateRow = {
  case_id: string;
  family_id: string;
  member_id: string;
  member: IndexedMember;
  status: WorklistItem['status'];
  director: WorklistItem['director'];
  family_label: string;
  municipality: string;
  /** Whether the user may see this case in full (`markVisible`); always true when not asked. */
  visible: boolean;
};

/** Read-only SQL over the cases read models (their logical names, i.e. the active generation's views). */
@Injectable()
export class CaseReadModel {
  constructor(private readonly dataSource: DataSource) {}

  /** `visible` limits the list, its page and its total alike to cases the user may see. */
  async worklist(
    name: WorklistName,
    options: { userId: string; mine: boolean; today: CalendarDate; limit: number; offset: number; visible: CaseFilter },
  ): Promise<Paged<WorklistItem> & { listed: ListedCase[] }> {
    const sql = worklists[name];
    const params: unknown[] = [];
    const bind: Bind = (value) => {
      params.push(value);
      return `$${params.length}`;
    };
    let where = sql.where(bind, options.today);
    if (ownedByRappelOwner.has(name) && options.mine) {
      // After a hand-over the local team directs, but Veilig Thuis carries out the rappels: "mine"
      // is then the rappels one owns and has still to do, not the cases one directs.
      where = `(${where}) and exists (select 1 from jsonb_array_elements(record->'state'->'rappels') as rappel
        where rappel->>'status' in ('scheduled', 'due') and rappel->'owner'->'person'->>'personId' = ${bind(options.userId)})`;
    } else if (options.mine || name === 'my-cases') {
      where = `(${where}) and director_person_id = ${bind(options.userId)}`;
    }
    where = `(${where}) and ${options.visible(bind)}`;
    const [rows, counted] = await Promise.all([
      this.dataSource.query(
        `select ${summaryColumns} from ${CASE_SUMMARIES_TABLE} where ${where}
         order by ${sql.orderBy}, case_id limit $${params.length + 1} offset $${params.length + 2}`,
        [...params, options.limit, options.offset],
      ) as Promise<SummaryRow[]>,
      this.dataSource.query(`select count(*)::int as total from ${CASE_SUMMARIES_TABLE} where ${where}`, params) as Promise<
        { total: number }[]
      >,
    ]);
    return {
      items: rows.map((row) => toWorklistItem(row, options.today)),
      total: counted[0]?.total ?? 0,
      listed: rows.map((row) => ({ caseId: row.case_id, familyId: row.family_id })),
    };
  }

  /** A page of the cases `filter` lets through (a partner's tasks), most recently changed first, with the total. */
  async caseRecords(filter: CaseFilter, options: { limit: number; offset: number }): Promise<Paged<CaseRecord>> {
    const params: unknown[] = [];
    const bind: Bind = (value) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = filter(bind);
    const [rows, counted] = await Promise.all([
      this.dataSource.query(
        `select record from ${CASE_SUMMARIES_TABLE} where ${where}
         order by last_event_at desc, case_id limit $${params.length + 1} offset $${params.length + 2}`,
        [...params, options.limit, options.offset],
      ) as Promise<{ record: CaseRecord }[]>,
      this.dataSource.query(`select count(*)::int as total from ${CASE_SUMMARIES_TABLE} where ${where}`, params) as Promise<{ total: number }[]>,
    ]);
    return { items: rows.map((row) => row.record), total: counted[0]?.total ?? 0 };
  }

  async caseRecord(caseId: string): Promise<CaseRecord | undefined> {
    const { rows } = await preparedQuery<{ record: CaseRecord }>(this.dataSource, `select record from ${CASE_SUMMARIES_TABLE} where case_id = $1`, [caseId]);
    return rows[0]?.record;
  }

  /**
   * One page of a case's timeline as the stored JSON texts of its entries, newest first (see the
   * timeline projection), with the number of entries the filter matches.
   */
  async timeline(caseId: string, options: { kind?: TimelineKind; limit: number; offset: number }): Promise<{ entries: string[]; total: number }> {
    const byKind = options.kind !== undefined;
    const where = byKind ? 'case_id = $1 and kind = $2' : 'case_id = $1';
    const filter = byKind ? [caseId, options.kind] : [caseId];
    const [page, counted] = await Promise.all([
      preparedQuery<{ entry: string }>(
        this.dataSource,
        `select entry from ${CASE_TIMELINE_TABLE} where ${where} order by revision desc limit $${filter.length + 1} offset $${filter.length + 2}`,
        [...filter, options.limit, options.offset],
      ),
      preparedQuery<{ total: number }>(this.dataSource, `select count(*)::int as total from ${CASE_TIMELINE_TABLE} where ${where}`, filter),
    ]);
    return { entries: page.rows.map((row) => row.entry), total: counted.rows[0]?.total ?? 0 };
  }

  /**
   * Every indexed member of the cases sharing at least one blocking key with the search, among the
   * cases `visible` lets through (filtered before the cap, so invisible matches cannot crowd out a
   * visible one). Capped: a key shared by very many cases (a common name without a date of birth)
   * is not a useful search. Without `visible` every case counts (duplicate prevention must see
   * them all); `markVisible` then says per row whether the user may see it.
   */
  async familyCandidates(keys: string[], options: { visible?: CaseFilter; markVisible?: CaseFilter; maxCases?: number } = {}): Promise<FamilyCandidateRow[]> {
    const params: unknown[] = [keys, options.maxCases ?? 500];
    const bind: Bind = (value) => {
      params.push(value);
      return `$${params.length}`;
    };
    const filter = options.visible ? `and ${options.visible(bind, 's')}` : '';
    const marked = options.markVisible ? options.markVisible(bind, 's') : 'true';
    // Prepared: planning this join was the largest single planning cost of an intake.
    const { rows } = await preparedQuery<FamilyCandidateRow>(
      this.dataSource,
      `with hits as (
         select distinct f.case_id from ${FAMILY_INDEX_TABLE} f
           join ${CASE_SUMMARIES_TABLE} s on s.case_id = f.case_id
          where f.keys && $1::text[] ${filter}
          limit $2
       )
       select f.case_id, f.family_id, f.member_id, f.member, s.status, s.director, s.family_label, s.municipality,
              (${marked}) as visible
         from hits h
         join ${FAMILY_INDEX_TABLE} f on f.case_id = h.case_id
         join ${CASE_SUMMARIES_TABLE} s on s.case_id = h.case_id
        order by f.case_id, f.member_id`,
      params,
    );
    return rows;
  }
}
