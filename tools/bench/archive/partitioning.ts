// Should the event table be partitioned? Appends the same synthetic archive to the event table as
// it is and to the same table partitioned by global position range and by year, each in a fresh
// database on one embedded server, through the production adapter (`appendToNewStreams`,
// `readAll`, `readStream`), and prints per layout: batched append rate, read-all rate, stream
// reads, server CPU per 1,000 events, and the table's heap and index sizes.
//   node tools/scripts/run-ts.cjs tools/bench/archive/partitioning.ts [--events 1000000] [--partition-events 250000] [--layouts plain,position,year]
// Throw-away by design: it answers one question for docs/adr/0016-archive-storage.md.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Checkpoint } from '@ketenregie/event-store';
import { createPostgresEventStore } from '@ketenregie/event-store';
import type { NewStream } from '@ketenregie/event-store';
import { schemaStatements } from '../../../libs/event-store/src/postgres/schema';
import { startBenchServer } from '../bench-postgres-server';
import { startCpuProbe } from '../process-cpu';

type Layout = 'plain' | 'position' | 'year';

type Options = { events: number; partitionEvents: number; layouts: Layout[]; batchEvents: number; years: number };

const parse = (argv: string[]): Options => {
  const options: Options = {
    events: 1_000_000,
    partitionEvents: 250_000,
    layouts: ['plain', 'position', 'year'],
    batchEvents: 5_000,
    years: 20,
  };
  for (let index = 0; index < argv.length; index += 2) {
    const [name, value] = [argv[index], argv[index + 1] ?? ''];
    if (name === '--events') options.events = Number(value);
    else if (name === '--partition-events') options.partitionEvents = Number(value);
    else if (name === '--batch-events') options.batchEvents = Number(value);
    else if (name === '--layouts') options.layouts = value.split(',') as Layout[];
    else throw new Error(`unknown option ${name}`);
  }
  return options;
};

const schema = 'event_store';

/**
 * The partitioned table, created instead of the adapter's own migration (whose unique indexes a
 * partitioned table refuses), beside the adapter's other tables. PostgreSQL only enforces a unique index on a partitioned table when
 * it holds the partition key, so both unique indexes gain it: the event id and the (stream,
 * revision) pair are then unique per partition only, a guarantee the plain table gives globally.
 * Year partitions take `recorded_at` from a clock that advances ten minutes per event from 2006,
 * so the archive's events spread over twenty years as a real one's would.
 */
const partitionedStatements = (layout: Exclude<Layout, 'plain'>, options: Options): string[] => {
  const key = layout === 'position' ? 'global_position' : 'recorded_at';
  const minutesPerEvent = (options.years * 365 * 24 * 60) / options.events;
  const statements = [
    ...schemaStatements(schema).filter((statement) => !statement.includes('es_events')),
    `create sequence ${schema}.bench_clock`,
    `create table ${schema}.es_events (
      global_position bigint generated always as identity,
      transaction_id xid8 not null default pg_current_xact_id(),
      stream_id text not null,
      stream_revision bigint not null,
      event_id uuid not null,
      event_type text not null,
      schema_version integer not null,
      data jsonb not null,
      metadata jsonb not null,
      recorded_at timestamptz not null default ${
        layout === 'year'
          ? `timestamptz '2006-01-01 00:00:00+00' + nextval('${schema}.bench_clock') * interval '${minutesPerEvent} minutes'`
          : 'clock_timestamp()'
      }
    ) partition by range (${key})`,
    `create unique index es_events_stream_revision on ${schema}.es_events (stream_id, stream_revision, ${key})`,
    `create unique index es_events_event_id on ${schema}.es_events (event_id, ${key})`,
    `create index es_events_log_order on ${schema}.es_events (transaction_id, global_position)`,
  ];
  if (layout === 'position') {
    const count = Math.ceil(options.events / options.partitionEvents) + 1;
    for (let part = 0; part < count; part += 1) {
      statements.push(
        `create table ${schema}.es_events_p${part} partition of ${schema}.es_events for values from (${part * options.partitionEvents + 1}) to (${(part + 1) * options.partitionEvents + 1})`,
      );
    }
  } else {
    // Spare years: the last batch may run past the requested events.
    for (let year = 2006; year < 2006 + options.years + 5; year += 1) {
      statements.push(
        `create table ${schema}.es_events_y${year} partition of ${schema}.es_events for values from ('${year}-01-01 00:00:00+00') to ('${year + 1}-01-01 00:00:00+00')`,
      );
    }
  }
  return statements;
};

/** A case stream of seven events with the archive's measured payload sizes (data ~830 B, metadata ~220 B as jsonb, a sealed note in most). */
const caseStream = (caseNumber: number): NewStream => {
  const caseId = `archive-${String(caseNumber).padStart(8, '0')}`;
  const director = {
    person: { name: 'Chantal Meijer (DEMO)', personId: 'demo-vt-chantal' },
    organisation: { kind: 'veilig-thuis', name: 'Veilig Thuis Demoregio (DEMO)', organisationId: 'demo-vt' },
  };
  const sealed = (bytes: number) => ({
    f: `archive-family-${caseNumber}`,
    ct: randomBytes(bytes).toString('base64'),
    iv: randomBytes(12).toString('base64'),
    $pd: 1,
    tag: randomBytes(16).toString('base64'),
  });
  const at = new Date(Date.UTC(2006, 0, 1) + caseNumber * 60_000).toISOString();
  const sizes = [520, 260, 120, 180, 60, 240, 90];
  return {
    streamId: `case-${caseId}`,
    events: sizes.map((bytes, revision) => ({
      type: `cases.bench-event-${revision}`,
      data: { caseId, director, notes: sealed(bytes), dueOn: at.slice(0, 10), onTime: true, completedAt: at },
      metadata: {
        actor: { userId: 'demo-vt-chantal', organisationId: 'demo-vt' },
        timestamp: at,
        causationId: `archive:${caseId}:${revision}`,
        correlationId: `archive:${caseId}:${revision}`,
      },
    })),
  };
};

type Sizes = { tableBytes: number; heapAndToastBytes: number; indexes: Record<string, number> };

/** Heap, TOAST and each index, summed over the partitions (a partitioned table's own size is zero). */
const leaves = `(select relid from pg_partition_tree('${schema}.es_events') where isleaf
  union all select '${schema}.es_events'::regclass where (select relkind from pg_class where oid = '${schema}.es_events'::regclass) = 'r')`;
const sizes = async (url: string): Promise<Sizes> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const rows = (
      await client.query<{ relid: string; total: string; indexes: string }>(
        `select relid::text, pg_total_relation_size(relid) as total, pg_indexes_size(relid) as indexes
           from ${leaves} l`,
      )
    ).rows;
    const byIndex = (
      await client.query<{ name: string; bytes: string }>(
        `select coalesce(pi.inhparent::regclass::text, i.indexrelid::regclass::text) as name, sum(pg_relation_size(i.indexrelid)) as bytes
           from pg_index i
           join ${leaves} l on l.relid = i.indrelid
           left join pg_inherits pi on pi.inhrelid = i.indexrelid
          group by 1`,
      )
    ).rows;
    const total = rows.reduce((sum, row) => sum + Number(row.total), 0);
    const indexes = rows.reduce((sum, row) => sum + Number(row.indexes), 0);
    return {
      tableBytes: total,
      heapAndToastBytes: total - indexes,
      indexes: Object.fromEntries(byIndex.map((row) => [row.name.replace(`${schema}.`, ''), Number(row.bytes)])),
    };
  } finally {
    await client.end();
  }
};

type LayoutResult = {
  layout: Layout;
  partitions: number;
  events: number;
  appendEventsPerSecond: number;
  appendServerCpuMsPer1000: number | null;
  readAllEventsPerSecond: number;
  readAllServerCpuMsPer1000: number | null;
  readStreamsPerSecond: number;
  readStreamServerCpuMsPerStream: number | null;
  bytesPerEvent: number;
  sizes: Sizes;
};

const measureLayout = async (
  layout: Layout,
  url: string,
  postmasterPid: number | null,
  options: Options,
  log: (line: string) => void,
): Promise<LayoutResult> => {
  if (layout !== 'plain') {
    const client = new Client({ connectionString: url });
    await client.connect();
    for (const statement of partitionedStatements(layout, options)) await client.query(statement);
    await client.end();
  }
  const store = await createPostgresEventStore({ connectionString: url, schema, poolSize: 2, migrate: layout === 'plain' });
  try {
    // Append: one stream-batch at a time, as the archive seeder and a migration write.
    const streamsPerBatch = Math.max(1, Math.round(options.batchEvents / 7));
    let appended = 0;
    let caseNumber = 0;
    let appendMs = 0;
    const appendCpu = startCpuProbe(postmasterPid);
    while (appended < options.events) {
      const batch: NewStream[] = [];
      for (let index = 0; index < streamsPerBatch; index += 1) batch.push(caseStream(caseNumber++));
      const started = performance.now();
      appended += (await store.appendToNewStreams(batch)).events;
      appendMs += performance.now() - started;
      if (appended % 200_000 < options.batchEvents) log(`${layout}: ${appended} events appended`);
    }
    const appendServerMs = appendCpu().serverMs;
    {
      const client = new Client({ connectionString: url });
      await client.connect();
      // What autovacuum would have done by the time anyone reads an archive this size.
      await client.query(`vacuum (analyze) ${schema}.es_events`);
      await client.end();
    }

    // Read-all from the start in the runner's page size, as a rebuild reads.
    let read = 0;
    let from: Checkpoint | 'start' = 'start';
    const readCpu = startCpuProbe(postmasterPid);
    const readStarted = performance.now();
    for (;;) {
      const page = await store.readAll({ from, maxCount: 1000 });
      if (page.events.length === 0) break;
      read += page.events.length;
      from = page.checkpoint;
    }
    const readMs = performance.now() - readStarted;
    const readServerMs = readCpu().serverMs;

    // Stream reads: what every command does first; a partitioned table probes each partition's index.
    const streams = 2_000;
    const streamCpu = startCpuProbe(postmasterPid);
    const streamStarted = performance.now();
    for (let index = 0; index < streams; index += 1) {
      const number = Math.floor((index * 7919) % caseNumber);
      await store.readStream(`case-archive-${String(number).padStart(8, '0')}`);
    }
    const streamMs = performance.now() - streamStarted;
    const streamServerMs = streamCpu().serverMs;

    const measured = await sizes(url);
    const partitions = layout === 'plain' ? 1 : await countPartitions(url);
    return {
      layout,
      partitions,
      events: read,
      appendEventsPerSecond: Math.round(appended / (appendMs / 1000)),
      appendServerCpuMsPer1000: appendServerMs === null ? null : round((appendServerMs / appended) * 1000),
      readAllEventsPerSecond: Math.round(read / (readMs / 1000)),
      readAllServerCpuMsPer1000: readServerMs === null ? null : round((readServerMs / read) * 1000),
      readStreamsPerSecond: Math.round(streams / (streamMs / 1000)),
      readStreamServerCpuMsPerStream: streamServerMs === null ? null : round(streamServerMs / streams, 3),
      bytesPerEvent: Math.round(measured.tableBytes / appended),
      sizes: measured,
    };
  } finally {
    await store.close();
  }
};

const countPartitions = async (url: string): Promise<number> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_partition_tree('${schema}.es_events') where isleaf`,
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
};

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

export const measurePartitioning = async (options: Options, log: (line: string) => void): Promise<LayoutResult[]> => {
  const server = await startBenchServer(log);
  const results: LayoutResult[] = [];
  try {
    for (const layout of options.layouts) {
      const url = await server.createDatabase(`partitioning_${layout}`);
      log(`${layout}: appending ${options.events} events`);
      const result = await measureLayout(layout, url, server.postmasterPid, options, log);
      log(JSON.stringify(result));
      results.push(result);
    }
  } finally {
    await server.stop();
  }
  return results;
};

// Run directly (run-ts sets argv[1] to the entry), not when the archive benchmark imports it.
if (process.argv[1] === __filename) {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  measurePartitioning(parse(process.argv.slice(2)), log).then(
    (results) => {
      process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`partitioning bench failed: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
