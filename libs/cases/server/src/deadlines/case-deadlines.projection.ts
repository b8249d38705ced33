import type { Projection, RecordedEvent } from '@ketenregie/event-store';
import { column, quoteIdent, readModelTable } from '@ketenregie/event-store';
import { addDays } from '@ketenregie/kernel';
import type { CalendarDate } from '@ketenregie/kernel';

export const CASE_DEADLINES_PROJECTION = 'cases.deadlines';

/**
 * What the deadline scheduler must turn into an event once a date passes. A deadline date is the
 * last allowed day, so an overdue mark fires the day after it; a rappel becomes due on its date.
 */
export type DeadlineKind = 'assessment-overdue' | 'investigation-overdue' | 'rappel-due' | 'rappel-overdue';

export type PendingDeadline = { caseId: string; kind: DeadlineKind; itemId: string; firesOn: CalendarDate };

const caseIdOf = (event: RecordedEvent): string => event.streamId.replace(/^case-/, '');
const keyOf = (caseId: string, kind: DeadlineKind, itemId: string) => `${caseId}\u0000${kind}\u0000${itemId}`;

type Data = Record<string, unknown>;
const text = (data: Data, field: string): string => String(data[field]);

/** Folds a batch into the rows to write and the rows to remove, in event order. */
export const planDeadlineChanges = (events: RecordedEvent[]) => {
  const upserts = new Map<string, PendingDeadline>();
  const removals = new Map<string, Omit<PendingDeadline, 'firesOn'>>();
  const closedCases = new Set<string>();
  const put = (deadline: PendingDeadline) => {
    const key = keyOf(deadline.caseId, deadline.kind, deadline.itemId);
    removals.delete(key);
    upserts.set(key, deadline);
  };
  const remove = (caseId: string, kind: DeadlineKind, itemId: string) => {
    const key = keyOf(caseId, kind, itemId);
    upserts.delete(key);
    removals.set(key, { caseId, kind, itemId });
  };
  for (const event of events) {
    const caseId = caseIdOf(event);
    const data = event.data as Data;
    switch (event.type) {
      case 'cases.report-received':
        put({ caseId, kind: 'assessment-overdue', itemId: text(data, 'assessmentId'), firesOn: addDays(text(data, 'assessmentDueOn'), 1) });
        break;
      case 'cases.safety-assessment-completed':
      case 'cases.safety-assessment-overdue':
        remove(caseId, 'assessment-overdue', text(data, 'assessmentId'));
        break;
      case 'cases.investigation-started':
        put({ caseId, kind: 'investigation-overdue', itemId: text(data, 'investigationId'), firesOn: addDays(text(data, 'dueOn'), 1) });
        break;
      case 'cases.investigation-completed':
      case 'cases.investigation-overdue':
        remove(caseId, 'investigation-overdue', text(data, 'investigationId'));
        break;
      case 'cases.rappels-scheduled':
        for (const rappel of data['rappels'] as { rappelId: string; dueOn: CalendarDate; deadlineOn: CalendarDate }[]) {
          put({ caseId, kind: 'rappel-due', itemId: rappel.rappelId, firesOn: rappel.dueOn });
          put({ caseId, kind: 'rappel-overdue', itemId: rappel.rappelId, firesOn: addDays(rappel.deadlineOn, 1) });
        }
        break;
      case 'cases.rappel-rescheduled':
        // A moved rappel is planned again: due on its new day, overdue after its new last day.
        put({ caseId, kind: 'rappel-due', itemId: text(data, 'rappelId'), firesOn: text(data, 'dueOn') });
        put({ caseId, kind: 'rappel-overdue', itemId: text(data, 'rappelId'), firesOn: addDays(text(data, 'deadlineOn'), 1) });
        break;
      case 'cases.rappel-became-due':
        remove(caseId, 'rappel-due', text(data, 'rappelId'));
        break;
      case 'cases.rappel-became-overdue':
      case 'cases.rappel-completed':
        remove(caseId, 'rappel-due', text(data, 'rappelId'));
        remove(caseId, 'rappel-overdue', text(data, 'rappelId'));
        break;
      case 'cases.case-closed':
        // Open work lapses with the case; a report that reopens it later brings its own deadlines.
        for (const [key, deadline] of upserts) if (deadline.caseId === caseId) upserts.delete(key);
        for (const [key, removal] of removals) if (removal.caseId === caseId) removals.delete(key);
        closedCases.add(caseId);
        break;
      default:
        break;
    }
  }
  return { upserts: [...upserts.values()], removals: [...removals.values()], closedCases: [...closedCases] };
};

export const CASE_DEADLINES_TABLE = 'case_deadlines';

/** One row per thing that will need an event. */
export const caseDeadlineRows = readModelTable(
  CASE_DEADLINES_TABLE,
  { case_id: column.text(), kind: column.text<DeadlineKind>(), item_id: column.text(), fires_on: column.date<CalendarDate>() },
  { key: ['case_id', 'kind', 'item_id'], indexes: ['(fires_on)'] },
);

/** Open deadlines per case, for the scheduler. */
export const caseDeadlinesProjection: Projection = {
  name: CASE_DEADLINES_PROJECTION,
  tables: [CASE_DEADLINES_TABLE],
  eventTypes: [
    'cases.report-received',
    'cases.safety-assessment-completed',
    'cases.safety-assessment-overdue',
    'cases.investigation-started',
    'cases.investigation-completed',
    'cases.investigation-overdue',
    'cases.rappels-scheduled',
    'cases.rappel-rescheduled',
    'cases.rappel-became-due',
    'cases.rappel-became-overdue',
    'cases.rappel-completed',
    'cases.case-closed',
  ],
  createTables: (physical) => caseDeadlineRows.createTable(physical[CASE_DEADLINES_TABLE]),
  apply: async (events, { manager, tables }) => {
    const table = quoteIdent(tables[CASE_DEADLINES_TABLE]);
    const { upserts, removals, closedCases } = planDeadlineChanges(events);
    // Order matters: a case closed in this batch loses its earlier rows before anything it
    // gained after reopening in the same batch is written.
    if (closedCases.length > 0) {
      await manager.query(`delete from ${table} where case_id = any($1::text[])`, [closedCases]);
    }
    if (removals.length > 0) {
      await manager.query(
        `delete from ${table} d using jsonb_to_recordset($1::jsonb) as r("caseId" text, kind text, "itemId" text)
          where d.case_id = r."caseId" and d.kind = r.kind and d.item_id = r."itemId"`,
        [JSON.stringify(removals)],
      );
    }
    await caseDeadlineRows.upsert(
      manager,
      tables[CASE_DEADLINES_TABLE],
      upserts.map((deadline) => ({ case_id: deadline.caseId, kind: deadline.kind, item_id: deadline.itemId, fires_on: deadline.firesOn })),
    );
  },
};
