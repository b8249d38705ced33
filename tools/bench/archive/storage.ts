// Storage part of the archive benchmark: what the archive occupies on disk, per event and per
// read-model row, extrapolated to the national archive, and the free space a rebuild needs.
// Alone, on an archive that is already seeded (and whose read models are built):
//   node tools/scripts/run-ts.cjs tools/bench/archive/storage.ts --database-url <url> [--national-events 100000000] [--national-cases 5000000]
import { Client } from 'pg';
import { projections } from '../../../apps/api/src/projections/registry';
import { CASE_TIMELINE_TABLE } from '../../../libs/cases/server/src/projections/case-timeline.projection';
import type { ArchiveBenchContext, ArchiveBenchLine, ArchiveBenchPart } from './archive-bench';

export type StorageOptions = {
  /** The national archive the figures are extrapolated to. */
  nationalEvents?: number;
  nationalCases?: number;
  /** Also copy the timeline into its earlier shape (each entry's JSON text beside its columns, a kind index) and measure that. */
  earlierTimelineShape?: boolean;
};

type Relation = { name: string; heapBytes: number; toastBytes: number; indexes: Record<string, number>; totalBytes: number };

type ReadModelTableSize = Relation & {
  /** Logical name (the view queries read), the physical table's generation suffix removed. */
  table: string;
  physical: string;
  projection: string | null;
  rows: number;
  bytesPerRow: number;
  /** Rows grow with events (one per event), with cases, or not at all (a row per event type, per projection). */
  growsWith: 'events' | 'cases' | 'fixed';
  nationalBytes: number;
};

const gib = (bytes: number): number => Math.round((bytes / 2 ** 30) * 10) / 10;

const relationSize = async (client: Client, qualified: string, name: string): Promise<Relation> => {
  const { rows } = await client.query<{ heap: string; total: string; indexes: string }>(
    `select pg_relation_size($1::regclass) as heap, pg_total_relation_size($1::regclass) as total, pg_indexes_size($1::regclass) as indexes`,
    [qualified],
  );
  const indexRows = (
    await client.query<{ name: string; bytes: string }>(
      `select c.relname as name, pg_relation_size(i.indexrelid) as bytes
         from pg_index i join pg_class c on c.oid = i.indexrelid
        where i.indrelid = $1::regclass order by 1`,
      [qualified],
    )
  ).rows;
  const heap = Number(rows[0].heap);
  const total = Number(rows[0].total);
  return {
    name,
    heapBytes: heap,
    toastBytes: total - heap - Number(rows[0].indexes),
    // Index names carry the generation suffix of their table; the part after it says which index.
    indexes: Object.fromEntries(indexRows.map((row) => [row.name.replace(/__g\d+/, ''), Number(row.bytes)])),
    totalBytes: total,
  };
};

export const measureStorage = async (context: ArchiveBenchContext, options: StorageOptions = {}): Promise<ArchiveBenchPart> => {
  const nationalEvents = options.nationalEvents ?? 100_000_000;
  const nationalCases = options.nationalCases ?? 5_000_000;
  const client = new Client({ connectionString: context.databaseUrl });
  await client.connect();
  try {
    // Sizes are what the tables occupy once autovacuum has run: analyse first so the figures are settled.
    await client.query('vacuum (analyze)');
    const events = Number((await client.query<{ n: string }>('select count(*) as n from event_store.es_events')).rows[0].n);
    const streams = Number((await client.query<{ n: string }>('select count(*) as n from event_store.es_streams')).rows[0].n);
    const eventTable = await relationSize(client, 'event_store.es_events', 'es_events');
    const streamTable = await relationSize(client, 'event_store.es_streams', 'es_streams');
    const bytesPerEvent = (eventTable.totalBytes + streamTable.totalBytes) / events;

    // Read models: every table a view points at (the current generation), by the projection that owns it.
    const owners = new Map<string, string>();
    for (const projection of projections) for (const table of projection.tables) owners.set(table, projection.name);
    const physical = (
      await client.query<{ view: string; schema: string; table: string }>(
        `select distinct view_name as view, table_schema as schema, table_name as table
           from information_schema.view_table_usage where view_schema = current_schema() order by 1`,
      )
    ).rows.filter((row) => owners.has(row.view));
    const cases = context.cases;
    const readModels: ReadModelTableSize[] = [];
    for (const row of physical) {
      const qualified = `"${row.schema}"."${row.table}"`;
      const size = await relationSize(client, qualified, row.view);
      const rows = Number((await client.query<{ n: string }>(`select count(*) as n from ${qualified}`)).rows[0].n);
      const growsWith = rows >= events / 2 ? 'events' : rows >= cases / 20 ? 'cases' : 'fixed';
      const scale = growsWith === 'events' ? nationalEvents / events : growsWith === 'cases' ? nationalCases / Math.max(1, cases) : 1;
      readModels.push({
        ...size,
        table: row.view,
        physical: row.table,
        projection: owners.get(row.view) ?? null,
        rows,
        bytesPerRow: rows === 0 ? 0 : Math.round(size.totalBytes / rows),
        growsWith,
        nationalBytes: Math.round(size.totalBytes * scale),
      });
    }
    const timeline = readModels.find((table) => table.table === CASE_TIMELINE_TABLE);

    let earlierTimeline: (Relation & { bytesPerRow: number }) | undefined;
    if (options.earlierTimelineShape !== false && timeline && timeline.rows > 0) {
      // The shape before the timeline served entries from its columns: the entry's JSON text beside
      // them, the event id as text and an index for the kind filter. Copied from the current rows
      // with the very text the API serves, so the two differ only in what they store.
      const { timelineEntryJson } = await import('../../../libs/cases/server/src/projections/case-timeline.projection');
      await client.query('drop table if exists bench_earlier_timeline');
      await client.query(
        `create table bench_earlier_timeline as
           select case_id, revision, event_id::text as event_id, event_type, kind, occurred_at, actor_user_id,
                  actor_organisation_id, summary, ${timelineEntryJson('t')} as entry
             from "${timeline.physical}" t`,
      );
      await client.query('alter table bench_earlier_timeline add primary key (case_id, revision)');
      await client.query('create index on bench_earlier_timeline (case_id, kind, revision)');
      await client.query('vacuum (analyze) bench_earlier_timeline');
      const size = await relationSize(client, 'bench_earlier_timeline', 'case_timeline (earlier shape)');
      earlierTimeline = { ...size, bytesPerRow: Math.round(size.totalBytes / timeline.rows) };
      await client.query('drop table bench_earlier_timeline');
    }

    const databaseBytes = Number((await client.query<{ n: string }>('select pg_database_size(current_database()) as n')).rows[0].n);
    const maxWalBytes = Number(
      (await client.query<{ n: string }>(`select setting::bigint * 1024 * 1024 as n from pg_settings where name = 'max_wal_size'`)).rows[0]
        .n,
    );
    const readModelBytes = readModels.reduce((sum, table) => sum + table.totalBytes, 0);
    const nationalEventBytes = Math.round(bytesPerEvent * nationalEvents);
    const nationalReadModelBytes = readModels.reduce((sum, table) => sum + table.nationalBytes, 0);
    // A rebuild fills a new generation beside the one in use and drops the old one only after the
    // switch (ADR 2), so it needs the projection's tables once more, plus WAL up to max_wal_size.
    const byProjection = new Map<string, number>();
    for (const table of readModels) {
      if (table.projection) byProjection.set(table.projection, (byProjection.get(table.projection) ?? 0) + table.nationalBytes);
    }
    const largestRebuild = [...byProjection.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
    const rebuildAllFreeBytes = nationalReadModelBytes + maxWalBytes;
    const rebuildLargestFreeBytes = largestRebuild[1] + maxWalBytes;

    const lines: ArchiveBenchLine[] = [
      { name: 'storage: bytes per event (heap, TOAST, indexes, stream rows)', value: Math.round(bytesPerEvent), unit: 'B' },
      ...(timeline ? [{ name: 'storage: bytes per timeline entry', value: timeline.bytesPerRow, unit: 'B' }] : []),
      ...(earlierTimeline
        ? [{ name: 'storage: bytes per timeline entry, earlier shape', value: earlierTimeline.bytesPerRow, unit: 'B' }]
        : []),
      ...readModels
        .filter((table) => table.table !== CASE_TIMELINE_TABLE)
        .map((table) => ({ name: `storage: bytes per ${table.table} row`, value: table.bytesPerRow, unit: 'B' })),
      { name: 'storage: database size', value: gib(databaseBytes), unit: 'GiB' },
      { name: `storage: event store at ${nationalEvents / 1e6}M events`, value: gib(nationalEventBytes), unit: 'GiB' },
      {
        name: `storage: read models at ${nationalEvents / 1e6}M events / ${nationalCases / 1e6}M cases`,
        value: gib(nationalReadModelBytes),
        unit: 'GiB',
      },
      { name: `storage: free space to rebuild ${largestRebuild[0]} nationally`, value: gib(rebuildLargestFreeBytes), unit: 'GiB' },
      { name: 'storage: free space to rebuild every read model nationally', value: gib(rebuildAllFreeBytes), unit: 'GiB' },
    ];
    return {
      part: 'storage',
      lines,
      detail: {
        archive: { cases, events, streams },
        eventTable,
        streamTable,
        bytesPerEvent: Math.round(bytesPerEvent),
        readModels,
        readModelBytes,
        earlierTimeline,
        databaseBytes,
        national: {
          events: nationalEvents,
          cases: nationalCases,
          eventStoreBytes: nationalEventBytes,
          readModelBytes: nationalReadModelBytes,
          maxWalBytes,
          rebuildLargest: { projection: largestRebuild[0], freeBytes: rebuildLargestFreeBytes },
          rebuildAllFreeBytes,
        },
      },
    };
  } finally {
    await client.end();
  }
};

// Run directly (run-ts sets argv[1] to the entry), not when the archive benchmark imports it.
if (process.argv[1] === __filename) {
  const argv = process.argv.slice(2);
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const databaseUrl = value('--database-url') ?? process.env.DATABASE_URL;
  if (!databaseUrl) {
    process.stderr.write('usage: storage.ts --database-url <url> [--national-events n] [--national-cases n]\n');
    process.exit(2);
  }
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const run = async (): Promise<ArchiveBenchPart> => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ cases: string; events: string }>(
      `select (select count(*) from event_store.es_streams where stream_id like 'case-%') as cases, (select count(*) from event_store.es_events) as events`,
    );
    await client.end();
    return measureStorage(
      {
        databaseUrl,
        masterKeyHex: '',
        truthFile: '',
        cases: Number(rows[0].cases),
        events: Number(rows[0].events),
        postmasterPid: null,
        root: process.cwd(),
        log,
      },
      {
        ...(value('--national-events') ? { nationalEvents: Number(value('--national-events')) } : {}),
        ...(value('--national-cases') ? { nationalCases: Number(value('--national-cases')) } : {}),
      },
    );
  };
  run().then(
    (part) => {
      for (const line of part.lines) process.stdout.write(`${line.name}: ${line.value} ${line.unit}\n`);
      process.stdout.write(`${JSON.stringify(part.detail, null, 2)}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`storage part failed: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
