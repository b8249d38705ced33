import type { RowOf } from '@ketenregie/event-store';
import { column, readModelTable } from '@ketenregie/event-store';
import type { CalendarDate } from '@ketenregie/kernel';
import type { CaseStatus } from '@ketenregie/cases-domain';
import type { CaseSummaryRow } from './case-summaries';

export const CASE_OPEN_WORK_TABLE = 'case_open_work';

/**
 * The register's columns that the worklist counts read, for the cases with open work only, written
 * by the register with the summary row and from it. A region's open cases lie spread through twenty
 * years of 2.4 kB register rows, one heap page each: counting them read 2,647 pages for 2,666 rows
 * on a 250k-case archive and took about 28 ms of each count at 1M cases. Here they lie together,
 * some forty to a page. No personal data of the family: ids, dates, status and municipality, which
 * an erasure keeps, so the eraser has nothing to clear here.
 */
export const caseOpenWork = readModelTable(
  CASE_OPEN_WORK_TABLE,
  {
    case_id: column.text(),
    status: column.text<CaseStatus>(),
    municipality: column.text(),
    /** True in every row; kept so the register's predicates (`open_work and …`) read the same over both tables. */
    open_work: column.boolean(),
    director_person_id: column.text(),
    director_organisation_id: column.text(),
    pending_handover_to_organisation_id: column.nullable(column.text()),
    pending_handover_to_person_id: column.nullable(column.text()),
    municipality_key: column.text(),
    assessment_due_on: column.nullable(column.date<CalendarDate>()),
    assessment_overdue: column.boolean(),
    next_rappel_due_on: column.nullable(column.date<CalendarDate>()),
    next_rappel_deadline_on: column.nullable(column.date<CalendarDate>()),
    rappel_overdue: column.boolean(),
    open_rappel_owner_ids: column.textArray(),
    unacknowledged_flags: column.integer(),
    open_signals: column.integer(),
  },
  {
    key: ['case_id'],
    // The need-to-know filter of the counts (access/case-visibility.ts), one index per branch.
    indexes: ['(director_organisation_id)', '(pending_handover_to_organisation_id)', '(municipality_key)'],
  },
);

export type CaseOpenWorkRow = RowOf<typeof caseOpenWork.columns>;

/** The open-work row of a register row, or none when the case has no open work. */
export const caseOpenWorkRow = (summary: CaseSummaryRow): CaseOpenWorkRow | undefined => {
  if (!summary.open_work) return undefined;
  // Each column by its name in the register row; the type below fails to compile when one is not there.
  const row: Pick<CaseSummaryRow, keyof CaseOpenWorkRow> = Object.fromEntries(
    caseOpenWork.columnNames.map((name) => [name, summary[name]]),
  ) as Pick<CaseSummaryRow, keyof CaseOpenWorkRow>;
  return row;
};
