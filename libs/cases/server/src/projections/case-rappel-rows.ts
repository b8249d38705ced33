import type { RowOf } from '@ketenregie/event-store';
import { column, readModelTable } from '@ketenregie/event-store';
import type { CalendarDate } from '@ketenregie/kernel';
import type { Director, OpenedCase, Rappel, RappelOutcome } from '@ketenregie/cases-domain';
import { caseAccessColumns } from '../access/case-relations';

export const CASE_RAPPELS_TABLE = 'case_rappels';

/**
 * One row per rappel of a case, written by the case register with its summary: the rappel planner
 * filters and sorts on these columns instead of unpacking every case's `rappels` document (41-67 ms
 * of CPU per request, measured on a 1.6M-case archive). Its own rows hold what a planner line
 * shows; the case's name and director come from the summary.
 */
export const caseRappels = readModelTable(
  CASE_RAPPELS_TABLE,
  {
    case_id: column.text(),
    rappel_id: column.text(),
    owner: column.jsonb<Director>(),
    owner_person_id: column.text(),
    owner_organisation_id: column.text(),
    due_on: column.date<CalendarDate>(),
    deadline_on: column.date<CalendarDate>(),
    status: column.text<Rappel['status']>(),
    /** What the scheduler marked; the planner also counts a passed last day as overdue. */
    overdue: column.boolean(),
    outcome: column.nullable(column.text<RappelOutcome>()),
    // The case's need-to-know columns as its register row has them (access/case-visibility.ts): the
    // planner keeps its viewer's rappels before it joins the register, which at 1M cases it did for
    // every rappel of the country in the span (about 1,000) to keep 180. The register writes both
    // rows from the same state in the same transaction, and rewrites a case's rappels whenever it
    // touches the case.
    director_organisation_id: column.text(),
    pending_handover_to_organisation_id: column.nullable(column.text()),
    municipality_key: column.text(),
  },
  {
    key: ['case_id', 'rappel_id'],
    // The planner's two ways in, with its predicates word for word: a span of due dates (cancelled
    // rappels never listed), and the open rappels due before it; each also per owner ("mine").
    indexes: [
      `(due_on) where status <> 'cancelled'`,
      `(due_on) where status in ('scheduled', 'due')`,
      `(owner_person_id, due_on) where status <> 'cancelled'`,
      // The owner's open ones apart: the other index holds twenty years of rappels they carried
      // out, which "mine" read and threw away (5,000 of them for one professional, 4 ms to 0.2 ms).
      `(owner_person_id, due_on) where status in ('scheduled', 'due')`,
    ],
  },
);

export type CaseRappelRow = RowOf<typeof caseRappels.columns>;

export const caseRappelRows = (state: OpenedCase): CaseRappelRow[] => {
  if (state.rappels.length === 0) return [];
  const { municipality_key, pending_handover_to_organisation_id } = caseAccessColumns(state);
  return state.rappels.map((rappel) => ({
    case_id: state.caseId,
    rappel_id: rappel.rappelId,
    owner: rappel.owner,
    owner_person_id: rappel.owner.person.personId,
    owner_organisation_id: rappel.owner.organisation.organisationId,
    due_on: rappel.dueOn,
    deadline_on: rappel.deadlineOn,
    status: rappel.status,
    overdue: rappel.overdue,
    outcome: rappel.outcome ?? null,
    director_organisation_id: state.director.organisation.organisationId,
    pending_handover_to_organisation_id,
    municipality_key,
  }));
};
