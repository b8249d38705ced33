import type { RowOf } from '@ketenregie/event-store';
import { readModelTable } from '@ketenregie/event-store';
import type { CaseSummaryRow } from './case-summaries';
import { caseSummaries } from './case-summaries';

export const CASE_OPEN_WORK_TABLE = 'case_open_work';

/**
 * The register's columns the worklist counts read: each list's filter, "mine", the need-to-know
 * filter (access/case-visibility.ts) and the chosen filters. `open_work` is true in every row; it
 * stays so the register's predicates (`open_work and …`) read the same over both tables.
 */
const openWorkColumnNames = [
  'case_id',
  'status',
  'municipality',
  'open_work',
  'director_person_id',
  'director_organisation_id',
  'pending_handover_to_organisation_id',
  'pending_handover_to_person_id',
  'municipality_key',
  'assessment_due_on',
  'assessment_overdue',
  'next_rappel_due_on',
  'next_rappel_deadline_on',
  'rappel_overdue',
  'open_rappel_owner_ids',
  'unacknowledged_flags',
  'open_signals',
] as const;

type OpenWorkColumns = Pick<typeof caseSummaries.columns, (typeof openWorkColumnNames)[number]>;

/**
 * Those columns of the register, for the cases with open work only, written by the register with
 * the summary row and from it. A region's open cases lie spread through twenty years of 2.4 kB
 * register rows, one heap page each: counting them read 2,647 pages for 2,666 rows on a 250k-case
 * archive and took about 28 ms of each count at 1M cases. Here they lie together, some forty to a
 * page. No personal data of the family: ids, dates, status and municipality, which an erasure
 * keeps, so the eraser has nothing to clear here.
 */
export const caseOpenWork = readModelTable(
  CASE_OPEN_WORK_TABLE,
  Object.fromEntries(openWorkColumnNames.map((name) => [name, caseSummaries.columns[name]])) as OpenWorkColumns,
  {
    key: ['case_id'],
    // The need-to-know filter of the counts, one index per branch.
    indexes: ['(director_organisation_id)', '(pending_handover_to_organisation_id)', '(municipality_key)'],
  },
);

export type CaseOpenWorkRow = RowOf<OpenWorkColumns>;

/** The open-work row of a register row, or none when the case has no open work. */
export const caseOpenWorkRow = (summary: CaseSummaryRow): CaseOpenWorkRow | undefined => {
  if (!summary.open_work) return undefined;
  return Object.fromEntries(openWorkColumnNames.map((name) => [name, summary[name]])) as CaseOpenWorkRow;
};
