import type { Projection, RecordedEvent } from '@ketenregie/event-store';
import { quoteIdent } from '@ketenregie/event-store';
import { caseEventTypes } from '@ketenregie/cases-domain';
import { caseIdOfStream, occurredAt, toCaseEvent } from './case-events';
import type { CaseRecord, FoldableEvent } from './case-record';
import { foldCaseRecord } from './case-record';
import { CASE_SUMMARIES_TABLE, caseRecordOfRow, caseSummaries, caseSummaryRow } from './case-summaries';
import { FAMILY_INDEX_TABLE, familyIndex, familyIndexRows } from './family-index-rows';
import { CASE_RAPPELS_TABLE, caseRappelRows, caseRappels } from './case-rappel-rows';
import { CASE_OPEN_WORK_TABLE, caseOpenWork, caseOpenWorkRow } from './case-open-work';
import { eraseCaseRecord } from '../erasure/erased-case';
import { erasedFamiliesDdlLocked, erasedFamilyIds } from '../erasure/erased-families';

export const CASE_REGISTER_PROJECTION = 'cases.case-register';
export { CASE_SUMMARIES_TABLE } from './case-summaries';
export { FAMILY_INDEX_TABLE } from './family-index-rows';
export { CASE_RAPPELS_TABLE } from './case-rappel-rows';
export { CASE_OPEN_WORK_TABLE } from './case-open-work';

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
 * The case register: one summary row per case (worklists, case detail), one family-index row per
 * household member (search-before-create), one row per rappel (the rappel planner) and one
 * open-work row per case with open work (the worklist counts). All come from one fold of the
 * domain's `evolve`, so they can never disagree about a household or a rappel. A projection cannot
 * read streams: each batch reads the affected rows once, reassembles what the fold continues from
 * out of their columns, folds in memory and writes each table with one statement. Each table is
 * declared once (`caseSummaries`, `familyIndex`, `caseRappels`, `caseOpenWork`); their DDL, upsert
 * and select lists come from there.
 */
export const caseRegisterProjection: Projection = {
  name: CASE_REGISTER_PROJECTION,
  tables: [CASE_SUMMARIES_TABLE, FAMILY_INDEX_TABLE, CASE_RAPPELS_TABLE, CASE_OPEN_WORK_TABLE],
  eventTypes: [...caseEventTypes],
  createTables: (physical) => [
    // Search scores names by trigram similarity (a trusted extension since PostgreSQL 13, so the
    // database owner may create it). Here, so a fresh database, a first start and a rebuild all have it.
    'create extension if not exists pg_trgm',
    ...caseSummaries.createTable(physical[CASE_SUMMARIES_TABLE]),
    ...familyIndex.createTable(physical[FAMILY_INDEX_TABLE]),
    ...caseRappels.createTable(physical[CASE_RAPPELS_TABLE]),
    ...caseOpenWork.createTable(physical[CASE_OPEN_WORK_TABLE]),
    // Not a generation table (it outlives rebuilds), but every batch reads it: it must exist
    // wherever this projection runs.
    ...erasedFamiliesDdlLocked,
  ],
  apply: async (events, { manager, tables }) => {
    const byCase = groupByCase(events);
    if (byCase.size === 0) return;
    const caseIds = [...byCase.keys()];
    const stored = (await manager.query(
      `select ${caseSummaries.selectList()} from ${quoteIdent(tables[CASE_SUMMARIES_TABLE])} where case_id = any($1::text[])`,
      [caseIds],
    )) as Record<string, unknown>[];
    const hadOpenWork = new Set(stored.filter((raw) => raw['open_work'] === true).map((raw) => raw['case_id'] as string));
    const records = new Map(
      stored.map((raw) => {
        const record = caseRecordOfRow(caseSummaries.read(raw));
        return [record.state.caseId, record];
      }),
    );

    const folded = new Map<string, CaseRecord>();
    for (const [caseId, caseEvents] of byCase) {
      const record = foldCaseRecord(records.get(caseId), caseEvents);
      if (record) folded.set(caseId, record);
    }
    // The erasure decides, not the key: a batch decrypted by a process that still had an erased
    // family's key cached stores no more of its data than a rebuild would.
    const erased = await erasedFamilyIds(
      manager,
      [...folded.values()].map((record) => record.state.familyId),
    );

    const rows = [];
    const reindexed: CaseRecord[] = [];
    const rappelled: CaseRecord[] = [];
    const openWork = [];
    const openWorkTouched: string[] = [];
    for (const [caseId, caseEvents] of byCase) {
      const foldedRecord = folded.get(caseId);
      if (!foldedRecord) continue;
      const familyErased = erased.has(foldedRecord.state.familyId);
      const record = familyErased ? eraseCaseRecord(foldedRecord) : foldedRecord;
      const row = caseSummaryRow(record, familyErased);
      rows.push(row);
      // A case with open work before or after this batch: its open-work row is written or removed.
      const open = caseOpenWorkRow(row);
      if (open) openWork.push(open);
      if (open || hadOpenWork.has(caseId)) openWorkTouched.push(caseId);
      if (caseEvents.some(({ event }) => householdEventTypes.has(event.type))) reindexed.push(record);
      // A case without rappels before or after this batch has no rows to write or remove.
      if (record.state.rappels.length > 0 || (records.get(caseId)?.state.rappels.length ?? 0) > 0) rappelled.push(record);
    }
    if (rows.length === 0) return;
    await caseSummaries.upsert(manager, tables[CASE_SUMMARIES_TABLE], rows);

    // Rappels and household members no longer in a case's state are deleted, the others upserted.
    await caseRappels.replaceWithin(
      manager,
      tables[CASE_RAPPELS_TABLE],
      'case_id',
      rappelled.map((record) => record.state.caseId),
      rappelled.flatMap((record) => caseRappelRows(record.state)),
    );
    await caseOpenWork.replaceWithin(manager, tables[CASE_OPEN_WORK_TABLE], 'case_id', openWorkTouched, openWork);
    await familyIndex.replaceWithin(
      manager,
      tables[FAMILY_INDEX_TABLE],
      'case_id',
      reindexed.map((record) => record.state.caseId),
      reindexed.flatMap((record) => familyIndexRows(record.state)),
    );
  },
};
