import type { Projection, RecordedEvent } from '@ketenregie/event-store';
import { quoteIdent } from '@ketenregie/event-store';
import { caseEventTypes } from '@ketenregie/cases-domain';
import { caseIdOfStream, occurredAt, toCaseEvent } from './case-events';
import type { CaseRecord, FoldableEvent } from './case-record';
import { caseSummaryRow, foldCaseRecord } from './case-record';
import { familyIndexRows } from './family-index-rows';
import { eraseCaseRecord } from '../erasure/erased-case';
import { erasedFamiliesDdlLocked, erasedFamilyIds } from '../erasure/erased-families';

export const CASE_REGISTER_PROJECTION = 'cases.case-register';
export const CASE_SUMMARIES_TABLE = 'case_summaries';
export const FAMILY_INDEX_TABLE = 'family_index';

/** Events that can change a household; only cases with one of these in the batch are re-indexed. */
const householdEventTypes = new Set<string>([
  'cases.case-opened',
  'cases.report-received',
  'cases.advice-request-received',
  'cases.members-merged',
  'cases.member-removed',
]);

const groupByCase = (events: readonly RecordedEvent[]): Map<string, FoldableEvent[]> => {
  const byCase = new Map<string, FoldableEvent[]>();
  for (const recorded of events) {
    const caseId = caseIdOfStream(recorded.streamId);
    const event = toCaseEvent(recorded);
    if (caseId === undefined || event === undefined) continue;
    const list = byCase.get(caseId) ?? [];
    list.push({ event, revision: recorded.revision, occurredAt: occurredAt(event, recorded) });
    byCase.set(caseId, list);
  }
  // A batch is in global order, which within one stream is revision order; sorting makes it explicit.
  for (const list of byCase.values()) list.sort((a, b) => a.revision - b.revision);
  return byCase;
};

/**
 * The case register: one summary row per case (worklists, case detail) and one family-index row per
 * household member (search-before-create). Both come from one fold of the domain's `evolve`, so
 * they can never disagree about a household. The evolved state is kept in the row because a
 * projection cannot read streams: each batch reads the affected rows once, folds in memory and
 * writes each table with one statement.
 */
export const caseRegisterProjection: Projection = {
  name: CASE_REGISTER_PROJECTION,
  tables: [CASE_SUMMARIES_TABLE, FAMILY_INDEX_TABLE],
  eventTypes: [...caseEventTypes],
  createTables: (physical) => {
    const summaries = quoteIdent(physical[CASE_SUMMARIES_TABLE]);
    const family = quoteIdent(physical[FAMILY_INDEX_TABLE]);
    return [
      `create table ${summaries} (
        case_id text primary key,
        family_id text not null,
        status text not null,
        phase text not null,
        director_person_id text not null,
        director_organisation_id text not null,
        director jsonb not null,
        pending_handover_to jsonb,
        pending_handover_to_person_id text,
        family_label text not null,
        municipality text not null,
        assessment_due_on date,
        assessment_overdue boolean not null,
        investigation_due_on date,
        investigation_overdue boolean not null,
        next_rappel_due_on date,
        next_rappel_deadline_on date,
        rappel_overdue boolean not null,
        unacknowledged_flags integer not null,
        oldest_flag_at timestamptz,
        opened_at timestamptz not null,
        last_event_at timestamptz not null,
        version integer not null,
        record jsonb not null,
        municipality_key text not null,
        pending_handover_to_organisation_id text,
        task_organisation_ids text[] not null
      )`,
      `create index on ${summaries} (director_person_id, status)`,
      `create index on ${summaries} (assessment_due_on) where assessment_due_on is not null`,
      `create index on ${summaries} (next_rappel_due_on) where next_rappel_due_on is not null`,
      `create index on ${summaries} (oldest_flag_at) where unacknowledged_flags > 0`,
      // The need-to-know filters of worklists, family search and task lists (access/case-visibility.ts).
      `create index on ${summaries} (director_organisation_id)`,
      `create index on ${summaries} (municipality_key)`,
      `create index on ${summaries} (pending_handover_to_organisation_id) where pending_handover_to_organisation_id is not null`,
      `create index on ${summaries} using gin (task_organisation_ids)`,
      `create table ${family} (
        case_id text not null,
        member_id text not null,
        family_id text not null,
        date_of_birth date,
        postcode text not null,
        house_number text not null,
        member jsonb not null,
        keys text[] not null,
        primary key (case_id, member_id)
      )`,
      `create index on ${family} using gin (keys)`,
      `create index on ${family} (postcode, house_number)`,
      // Not a generation table (it outlives rebuilds), but every batch reads it: it must exist
      // wherever this projection runs.
      ...erasedFamiliesDdlLocked,
    ];
  },
  apply: async (events, { manager, tables }) => {
    const byCase = groupByCase(events);
    if (byCase.size === 0) return;
    const summaries = quoteIdent(tables[CASE_SUMMARIES_TABLE]);
    const family = quoteIdent(tables[FAMILY_INDEX_TABLE]);
    const caseIds = [...byCase.keys()];
    const stored = (await manager.query(`select case_id, record from ${summaries} where case_id = any($1::text[])`, [
      caseIds,
    ])) as { case_id: string; record: CaseRecord }[];
    const records = new Map(stored.map((row) => [row.case_id, row.record]));

    const folded = new Map<string, CaseRecord>();
    for (const [caseId, caseEvents] of byCase) {
      const record = foldCaseRecord(records.get(caseId), caseEvents);
      if (record) folded.set(caseId, record);
    }
    // The erasure decides, not the key: a batch decrypted by a process that still had an erased
    // family's key cached stores no more of its data than a rebuild would.
    const erased = await erasedFamilyIds(manager, [...folded.values()].map((record) => record.state.familyId));

    const rows = [];
    const reindexed: CaseRecord[] = [];
    for (const [caseId, caseEvents] of byCase) {
      const foldedRecord = folded.get(caseId);
      if (!foldedRecord) continue;
      const record = erased.has(foldedRecord.state.familyId) ? eraseCaseRecord(foldedRecord) : foldedRecord;
      rows.push(caseSummaryRow(record));
      if (caseEvents.some(({ event }) => householdEventTypes.has(event.type))) reindexed.push(record);
    }
    if (rows.length === 0) return;

    await manager.query(
      `insert into ${summaries} as t
       select * from jsonb_to_recordset($1::jsonb) as r(
         case_id text, family_id text, status text, phase text, director_person_id text,
         director_organisation_id text, director jsonb, pending_handover_to jsonb,
         pending_handover_to_person_id text, family_label text, municipality text,
         assessment_due_on date, assessment_overdue boolean, investigation_due_on date,
         investigation_overdue boolean, next_rappel_due_on date, next_rappel_deadline_on date,
         rappel_overdue boolean, unacknowledged_flags integer, oldest_flag_at timestamptz,
         opened_at timestamptz, last_event_at timestamptz, version integer, record jsonb,
         municipality_key text, pending_handover_to_organisation_id text, task_organisation_ids text[])
       on conflict (case_id) do update set
         family_id = excluded.family_id, status = excluded.status, phase = excluded.phase,
         director_person_id = excluded.director_person_id,
         director_organisation_id = excluded.director_organisation_id, director = excluded.director,
         pending_handover_to = excluded.pending_handover_to,
         pending_handover_to_person_id = excluded.pending_handover_to_person_id,
         family_label = excluded.family_label, municipality = excluded.municipality,
         assessment_due_on = excluded.assessment_due_on, assessment_overdue = excluded.assessment_overdue,
         investigation_due_on = excluded.investigation_due_on,
         investigation_overdue = excluded.investigation_overdue,
         next_rappel_due_on = excluded.next_rappel_due_on,
         next_rappel_deadline_on = excluded.next_rappel_deadline_on,
         rappel_overdue = excluded.rappel_overdue, unacknowledged_flags = excluded.unacknowledged_flags,
         oldest_flag_at = excluded.oldest_flag_at, opened_at = excluded.opened_at,
         last_event_at = excluded.last_event_at, version = excluded.version, record = excluded.record,
         municipality_key = excluded.municipality_key,
         pending_handover_to_organisation_id = excluded.pending_handover_to_organisation_id,
         task_organisation_ids = excluded.task_organisation_ids`,
      [JSON.stringify(rows)],
    );

    if (reindexed.length === 0) return;
    // One statement: members that left a re-indexed household are deleted, the others upserted.
    await manager.query(
      `with input as (
         select * from jsonb_to_recordset($1::jsonb) as r(
           case_id text, member_id text, family_id text, date_of_birth date, postcode text,
           house_number text, member jsonb, keys text[])
       ), removed as (
         delete from ${family} f
          where f.case_id = any($2::text[])
            and not exists (select 1 from input i where i.case_id = f.case_id and i.member_id = f.member_id)
       )
       insert into ${family} as t select * from input
       on conflict (case_id, member_id) do update set
         family_id = excluded.family_id, date_of_birth = excluded.date_of_birth,
         postcode = excluded.postcode, house_number = excluded.house_number,
         member = excluded.member, keys = excluded.keys`,
      [JSON.stringify(reindexed.flatMap((record) => familyIndexRows(record.state))), reindexed.map((record) => record.state.caseId)],
    );
  },
};
