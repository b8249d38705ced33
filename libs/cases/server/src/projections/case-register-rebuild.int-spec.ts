import { DataSource } from 'typeorm';
import type { Checkpoint, PostgresEventStore, Projection } from '@ketenregie/event-store';
import { createPostgresEventStore, createProjectionRunner, rebuildProjection } from '@ketenregie/event-store';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { CaseEvent } from '@ketenregie/cases-domain';
import { samplePersonalEvents, samplePersonalTag } from '../erasure/testing/personal-case-events';
import { ReadModelShape } from '../queries/read-model-shape';
import { caseStreamId } from './case-events';
import { foldCaseRecord } from './case-record';
import { CASE_REGISTER_PROJECTION, caseRegisterProjection } from './case-register.projection';
import { CASE_SUMMARIES_TABLE, caseSummaries, caseSummaryRow } from './case-summaries';
import { FAMILY_INDEX_TABLE, familyIndex } from './family-index-rows';
import { CASE_RAPPELS_TABLE, caseRappels } from './case-rappel-rows';
import { CASE_OPEN_WORK_TABLE, caseOpenWork } from './case-open-work';

const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const history = [
  'cases.case-opened',
  'cases.report-received',
  'cases.acute-unsafety-registered',
  'cases.safety-assessment-started',
  'cases.safety-assessment-completed',
  'cases.chain-partner-registered',
  'cases.safety-condition-added',
  'cases.plan-part-updated',
  'cases.phase-changed',
  'cases.handover-offered',
] as const;

/** The register as an earlier version built it: the case state as one document per row. */
const documentRegister: Projection = {
  ...caseRegisterProjection,
  tables: [CASE_SUMMARIES_TABLE, FAMILY_INDEX_TABLE],
  createTables: (physical) => [
    `create table "${physical[CASE_SUMMARIES_TABLE]}" (case_id text primary key, family_id text not null, record jsonb not null)`,
    `create table "${physical[FAMILY_INDEX_TABLE]}" (case_id text, member_id text, member jsonb, primary key (case_id, member_id))`,
  ],
  apply: async () => undefined,
};

describe('case register rebuild (PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('case_register_rebuild');
    store = await createPostgresEventStore({ connectionString: db.url, idlePollMs: 100 });
    dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false, extra: { max: 4 } });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await db?.drop();
  });

  const viewColumns = async (view: string): Promise<string[]> =>
    (
      (await dataSource.query(`select column_name from information_schema.columns where table_name = $1 order by ordinal_position`, [
        view,
      ])) as { column_name: string }[]
    ).map((row) => row.column_name);

  it('turns a register that kept the case state as a document into the declared columns, filled from the first event', async () => {
    // The samples mark each personal value (dates of birth too); unmarked, they are valid values.
    const events = history.map(
      (type) => JSON.parse(JSON.stringify(samplePersonalEvents[type]).split(samplePersonalTag).join('')) as CaseEvent,
    );
    const { checkpoint } = await store.appendToStream(
      caseStreamId('c1'),
      events.map((event) => ({
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data as unknown as Record<string, unknown>,
      })),
    );
    const old = createProjectionRunner({ store, dataSource, projections: [documentRegister], logger: silentLogger });
    await old.start();
    await old.waitFor(CASE_REGISTER_PROJECTION, checkpoint as Checkpoint, 30_000);
    await old.stop();
    await expect(new ReadModelShape(dataSource).onModuleInit()).rejects.toThrow(
      `npm run projections:rebuild -- ${CASE_REGISTER_PROJECTION}`,
    );

    const result = await rebuildProjection({ store, dataSource, projection: caseRegisterProjection, logger: silentLogger });
    expect(result).toMatchObject({ previousGeneration: 1, generation: 2, events: history.length, parkedEvents: 0 });

    await expect(new ReadModelShape(dataSource).onModuleInit()).resolves.toBeUndefined();
    expect(await viewColumns(CASE_SUMMARIES_TABLE)).toEqual(caseSummaries.columnNames);
    expect(await viewColumns(FAMILY_INDEX_TABLE)).toEqual(familyIndex.columnNames);
    expect(await viewColumns(CASE_RAPPELS_TABLE)).toEqual(caseRappels.columnNames);
    expect(await viewColumns(CASE_OPEN_WORK_TABLE)).toEqual(caseOpenWork.columnNames);

    const rows = (await dataSource.query(`select ${caseSummaries.selectList()} from ${CASE_SUMMARIES_TABLE}`)) as Record<string, unknown>[];
    const folded = foldCaseRecord(
      undefined,
      events.map((event, revision) => ({ event, revision, occurredAt: new Date(0) })),
    )!;
    const expected = caseSummaryRow(folded);
    const [row] = rows.map((raw) => caseSummaries.read(raw));
    // The instants come from the events' own times, not from this test's fold.
    const { opened_at: _opened, last_event_at: _last, oldest_flag_at: _flag, flag_raised_at: _raised, ...columns } = row;
    const {
      opened_at: _o,
      last_event_at: _l,
      oldest_flag_at: _f,
      flag_raised_at: _r,
      ...expectedColumns
    } = JSON.parse(JSON.stringify(expected)) as typeof expected;
    expect(rows).toHaveLength(1);
    expect(columns).toEqual(expectedColumns);
    expect(row.pending_handover_to_organisation_id).not.toBeNull();
    expect(row.pending_handover_offered_at).not.toBeNull();
    expect(row.task_organisation_ids.length).toBeGreaterThan(0);
  });

  it('keeps an open-work row equal to the register row while a case has open work, and removes it when none is left', async () => {
    const append = async (caseId: string, types: (keyof typeof samplePersonalEvents)[]): Promise<Checkpoint> => {
      const events = types.map((type) => {
        const event = JSON.parse(JSON.stringify(samplePersonalEvents[type]).split(samplePersonalTag).join('')) as CaseEvent;
        return event.type === 'cases.case-opened' ? { ...event, data: { ...event.data, caseId, familyId: `family-of-${caseId}` } } : event;
      });
      const { checkpoint } = await store.appendToStream(
        caseStreamId(caseId),
        events.map((event) => ({
          type: event.type,
          schemaVersion: event.schemaVersion,
          data: event.data as unknown as Record<string, unknown>,
        })),
      );
      return checkpoint as Checkpoint;
    };
    const openWorkColumns = caseOpenWork.selectList();
    const openWorkRows = async () =>
      (await dataSource.query(`select ${openWorkColumns} from ${CASE_OPEN_WORK_TABLE} order by case_id`)) as unknown[];
    const registerOpenWork = async () =>
      (await dataSource.query(`select ${openWorkColumns} from ${CASE_SUMMARIES_TABLE} where open_work order by case_id`)) as unknown[];

    const runner = createProjectionRunner({ store, dataSource, projections: [caseRegisterProjection], logger: silentLogger });
    await runner.start();
    try {
      await runner.waitFor(CASE_REGISTER_PROJECTION, await append('c2', ['cases.case-opened', 'cases.report-received']), 30_000);
      // c1 waits for its hand-over to be answered, c2 for its safety assessment.
      expect((await openWorkRows()).map((row) => (row as { case_id: string }).case_id)).toEqual(['c1', 'c2']);
      expect(await openWorkRows()).toEqual(await registerOpenWork());

      await runner.waitFor(CASE_REGISTER_PROJECTION, await append('c2', ['cases.case-closed']), 30_000);
      expect((await openWorkRows()).map((row) => (row as { case_id: string }).case_id)).toEqual(['c1']);
      expect(await openWorkRows()).toEqual(await registerOpenWork());
    } finally {
      await runner.stop();
    }
  });
});
