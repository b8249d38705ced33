import { DataSource } from 'typeorm';
import type { QueryRunner } from 'typeorm';
import type { SqlTransaction } from '@ketenregie/event-store';
import type { AccessLogRecord } from '@ketenregie/access-contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { AccessLog } from './access-log';
import { InvalidAccessLogEntry } from './access-log-entry';
import { AccessLogUnavailable, GroupCommitAccessLog, writerConnectionFrom } from './group-commit-access-log';
import type { GroupCommitOptions } from './group-commit-access-log';

const writerApplication = 'access-log-writer-test';

type Fixture = {
  db: TestDatabase;
  /** The writer's pool, named so a test can find (and cut) its connection. */
  writerSource: DataSource;
  /** Everything else the test does: checks, the lock holder, the tampering owner. */
  dataSource: DataSource;
  log: AccessLog;
  writer: GroupCommitAccessLog;
};

const fixtures: Fixture[] = [];

// A database per test: the failure tests install triggers and leave locks and broken chains behind.
const fresh = async (
  options: Partial<GroupCommitOptions> = {},
  setUp?: (dataSource: DataSource, db: TestDatabase) => Promise<void>,
): Promise<Fixture> => {
  const db = await createTestDatabase('access_log_writer');
  const dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false, poolSize: 8 });
  await dataSource.initialize();
  const log = new AccessLog(dataSource);
  await log.ensureSchema();
  await setUp?.(dataSource, db);
  const writerSource = new DataSource({ type: 'postgres', url: db.url, logging: false, poolSize: 2, applicationName: writerApplication });
  await writerSource.initialize();
  const writer = new GroupCommitAccessLog(writerConnectionFrom(writerSource), options);
  const fixture = { db, writerSource, dataSource, log, writer };
  fixtures.push(fixture);
  return fixture;
};

afterEach(async () => {
  for (const { writer, writerSource, dataSource, db } of fixtures.splice(0)) {
    await writer.close().catch(() => undefined);
    await writerSource.destroy();
    await dataSource.destroy();
    await db.drop();
  }
});

const entry = (requestId: string, overrides: Partial<AccessLogRecord> = {}): AccessLogRecord => ({
  subjectType: 'case',
  subjectId: 'case-1',
  familyId: 'family-1',
  actor: { userId: 'user-1', organisationId: 'vt-zhz', role: 'veilig-thuis-professional' },
  action: 'read',
  legalBasis: 'wmo-2015-4.1.1',
  requestId,
  route: 'GET /api/v1/cases/:caseId',
  ...overrides,
});

const requestIdsInChainOrder = async (dataSource: DataSource): Promise<string[]> =>
  ((await dataSource.query('select request_id from access_log order by sequence')) as { request_id: string }[]).map(
    (row) => row.request_id,
  );

const sequences = async (dataSource: DataSource): Promise<number[]> =>
  ((await dataSource.query('select sequence::int as sequence from access_log order by sequence')) as { sequence: number }[]).map(
    (row) => row.sequence,
  );

/** Holds the chain head the way a long transaction appending with `AccessLog.record({ manager })` would. */
const holdHead = async (dataSource: DataSource): Promise<QueryRunner> => {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await runner.query('select sequence from access_log_head where id for update');
  return runner;
};

const releaseHead = async (runner: QueryRunner): Promise<void> => {
  await runner.commitTransaction();
  await runner.release();
};

/** Until the writer's transaction waits for the head lock: its batch is then fixed. */
const writerWaitsForHead = async (dataSource: DataSource): Promise<void> => {
  for (let attempt = 0; attempt < 500; attempt++) {
    const [row] = (await dataSource.query(
      `select count(*)::int as waiting from pg_stat_activity
        where datname = current_database() and application_name = $1 and wait_event_type = 'Lock'`,
      [writerApplication],
    )) as { waiting: number }[];
    if (row.waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the writer never waited for the chain head');
};

type Settled = { requestId: string; outcome: 'resolved' | 'rejected'; error?: unknown };

const settle = (requestId: string, promise: Promise<void>): Promise<Settled> =>
  promise.then(
    (): Settled => ({ requestId, outcome: 'resolved' }),
    (error: unknown): Settled => ({ requestId, outcome: 'rejected', error }),
  );

const poisonTrigger = async (dataSource: DataSource): Promise<void> => {
  await dataSource.query(`create function poison_entry() returns trigger language plpgsql as $$
    begin
      if new.request_id like 'poison%' then raise exception 'poisoned entry'; end if;
      return new;
    end $$`);
  await dataSource.query('create trigger poison_entry before insert on access_log for each row execute function poison_entry()');
};

describe('GroupCommitAccessLog (PostgreSQL)', () => {
  it('keeps the chain gapless, in arrival order, with 64 callers at once, and settles each caller after its commit', async () => {
    const { writer, dataSource, log } = await fresh();
    const callers = 64;
    const perCaller = 8;
    const arrival: string[] = [];
    const unseenAfterResolve: string[] = [];

    await Promise.all(
      Array.from({ length: callers }, async (_, caller) => {
        for (let i = 0; i < perCaller; i++) {
          // Every fourth call logs a list answer: several entries that must stay together.
          const batch =
            i % 4 === 3
              ? [
                  entry(`c${caller}-${i}-a`, { subjectId: `case-${caller}` }),
                  entry(`c${caller}-${i}-b`, { subjectType: 'family', subjectId: `family-${caller}`, familyId: undefined }),
                ]
              : [
                  entry(`c${caller}-${i}`, {
                    subjectId: `case-${caller}`,
                    ...(i % 5 === 0 ? { emergency: { reason: 'Crisisdienst, acute melding' } } : {}),
                  }),
                ];
          arrival.push(...batch.map((line) => line.requestId));
          await (batch.length === 1 ? writer.record(batch[0]) : writer.recordAll(batch));
          // Resolved means committed: another connection must see the entry now.
          const [row] = (await dataSource.query('select count(*)::int as seen from access_log where request_id = any($1)', [
            batch.map((line) => line.requestId),
          ])) as { seen: number }[];
          if (row.seen !== batch.length) unseenAfterResolve.push(batch[0].requestId);
        }
      }),
    );

    const total = callers * (perCaller + perCaller / 4);
    expect(unseenAfterResolve).toEqual([]);
    expect(await sequences(dataSource)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(await requestIdsInChainOrder(dataSource)).toEqual(arrival);
    expect(await log.verify({ batchSize: 97 })).toEqual({ ok: true, entries: total, head: await log.head() });
    const stats = writer.stats();
    expect(stats).toMatchObject({ entries: total, failedBatches: 0, queuedEntries: 0 });
    // Group commit happened: far fewer transactions than entries.
    expect(stats.batches).toBeLessThan(total / 4);
    expect(stats.largestBatch).toBeGreaterThan(callers / 2);
  });

  it('resolves a caller only once its entry is committed: another connection sees it at that moment', async () => {
    const { writer, dataSource } = await fresh();
    // A connection of its own, so the check is not delayed by waiting for the pool.
    const observer = dataSource.createQueryRunner();
    await observer.connect();
    try {
      const unseen: string[] = [];
      for (let i = 0; i < 30; i++) {
        const requestIds = [`solo-${i}`, `pair-${i}-a`, `pair-${i}-b`];
        await Promise.all([writer.record(entry(requestIds[0])), writer.recordAll([entry(requestIds[1]), entry(requestIds[2])])]);
        const [row] = (await observer.query('select count(*)::int as seen from access_log where request_id = any($1)', [requestIds])) as {
          seen: number;
        }[];
        if (row.seen !== requestIds.length) unseen.push(requestIds[0]);
      }
      expect(unseen).toEqual([]);
    } finally {
      await observer.release();
    }
  });

  it('rejects exactly the callers of a failed batch; the batches before and after commit', async () => {
    const { writer, dataSource, log } = await fresh({ maxBatchEntries: 4 }, poisonTrigger);
    const held = await holdHead(dataSource);
    const first = settle('ok-1', writer.record(entry('ok-1')));
    await writerWaitsForHead(dataSource);
    // Queued while the first batch waits: batches [2..5], [6, poison, 8, 9] and [10].
    const queued = ['ok-2', 'ok-3', 'ok-4', 'ok-5', 'ok-6', 'poison-7', 'ok-8', 'ok-9', 'ok-10'].map((requestId) =>
      settle(requestId, writer.record(entry(requestId))),
    );
    await releaseHead(held);
    const results = await Promise.all([first, ...queued]);

    expect(results.filter((result) => result.outcome === 'rejected').map((result) => result.requestId)).toEqual([
      'ok-6',
      'poison-7',
      'ok-8',
      'ok-9',
    ]);
    for (const rejected of results.filter((result) => result.outcome === 'rejected')) {
      expect(rejected.error).toBeInstanceOf(AccessLogUnavailable);
      expect((rejected.error as AccessLogUnavailable).getStatus()).toBe(503);
      expect((rejected.error as AccessLogUnavailable).reason).toBe('write-failed');
    }
    expect(await requestIdsInChainOrder(dataSource)).toEqual(['ok-1', 'ok-2', 'ok-3', 'ok-4', 'ok-5', 'ok-10']);

    await writer.record(entry('after'));
    expect(await sequences(dataSource)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await log.verify()).toEqual({ ok: true, entries: 7, head: await log.head() });
    expect(writer.stats()).toMatchObject({ failedBatches: 1, entries: 7 });
  });

  it('writes a caller’s entries together or not at all, and refuses a malformed entry alone', async () => {
    const { writer, dataSource } = await fresh({}, poisonTrigger);
    const results = await Promise.all([
      settle('list', writer.recordAll([entry('list-1'), entry('poison-list-2'), entry('list-3')])),
      settle('bad', writer.record(entry('bad', { route: 'GET /api/v1/families/search?name=Jansen' }))),
      settle('alone', writer.record(entry('alone'))),
    ]);

    expect(results.map((result) => result.outcome)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(results[1].error).toBeInstanceOf(InvalidAccessLogEntry);
    // 'alone' shared the list's transaction; a later caller is unaffected.
    await writer.record(entry('later'));
    expect(await requestIdsInChainOrder(dataSource)).toEqual(['later']);
  });

  it('refuses at once (503) when the queue is full, and writes what it accepted', async () => {
    const { writer, dataSource, log } = await fresh({ maxQueuedEntries: 5 });
    const held = await holdHead(dataSource);
    const inFlight = writer.record(entry('in-flight'));
    await writerWaitsForHead(dataSource);
    const accepted = [writer.recordAll([entry('q-1'), entry('q-2')]), writer.recordAll([entry('q-3'), entry('q-4'), entry('q-5')])];

    const refused = await settle('q-6', writer.record(entry('q-6')));
    expect(refused.outcome).toBe('rejected');
    expect(refused.error).toBeInstanceOf(AccessLogUnavailable);
    expect((refused.error as AccessLogUnavailable).reason).toBe('queue-full');
    expect((refused.error as AccessLogUnavailable).getResponse()).toMatchObject({
      status: 503,
      type: 'urn:ketenregie:problem:access-log.queue-full',
    });

    await releaseHead(held);
    await Promise.all([inFlight, ...accepted]);
    expect(await requestIdsInChainOrder(dataSource)).toEqual(['in-flight', 'q-1', 'q-2', 'q-3', 'q-4', 'q-5']);
    expect((await log.verify()).ok).toBe(true);
  });

  it('gives up on a head held too long with 503, and recovers once it is free', async () => {
    const { writer, dataSource, log } = await fresh({ statementTimeoutMs: 300 });
    const held = await holdHead(dataSource);
    const timedOut = await settle('waits', writer.record(entry('waits')));
    await releaseHead(held);

    expect(timedOut.outcome).toBe('rejected');
    expect((timedOut.error as AccessLogUnavailable).reason).toBe('write-failed');
    await writer.record(entry('after'));
    expect(await requestIdsInChainOrder(dataSource)).toEqual(['after']);
    expect((await log.verify()).ok).toBe(true);
  });

  it('survives losing its connection: the next entry goes through a new one', async () => {
    const { writer, dataSource, log } = await fresh();
    await writer.record(entry('before'));
    const [{ terminated }] = (await dataSource.query(
      `select count(*)::int as terminated from (
         select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = $1) as killed`,
      [writerApplication],
    )) as { terminated: number }[];
    expect(terminated).toBeGreaterThan(0);

    await Promise.all([writer.record(entry('after-1')), writer.record(entry('after-2'))]);
    expect(await requestIdsInChainOrder(dataSource)).toEqual(['before', 'after-1', 'after-2']);
    expect((await log.verify()).ok).toBe(true);
  });

  it('commits durably even where the database default is synchronous_commit = off, and never lowers a stronger setting', async () => {
    const captureSetting = async (dataSource: DataSource, db: TestDatabase): Promise<void> => {
      await dataSource.query('create table commit_settings (request_id text, synchronous_commit text)');
      await dataSource.query(`create function capture_commit_setting() returns trigger language plpgsql as $$
        begin
          insert into commit_settings values (new.request_id, current_setting('synchronous_commit'));
          return new;
        end $$`);
      await dataSource.query(
        'create trigger capture_commit_setting after insert on access_log for each row execute function capture_commit_setting()',
      );
      await dataSource.query(`alter database "${db.name}" set synchronous_commit = off`);
    };
    const { writer, writerSource, db, dataSource } = await fresh({}, captureSetting);
    // The writer's sessions start with the database default, so the test can fail.
    const [{ setting }] = (await writerSource.query(`select current_setting('synchronous_commit') as setting`)) as { setting: string }[];
    expect(setting).toBe('off');

    await writer.record(entry('durable'));
    // A change's entry in the change's own transaction makes that commit durable too.
    const runner = writerSource.createQueryRunner();
    const client = (await runner.connect()) as SqlTransaction;
    await runner.startTransaction();
    await writer.recordWithin(client, entry('durable-within'));
    await runner.commitTransaction();
    await runner.release();
    await dataSource.query(`alter database "${db.name}" set synchronous_commit = remote_apply`);
    await dataSource.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = $1`,
      [writerApplication],
    );
    // The sessions are gone, and their clients have heard so, before the next entry: otherwise the
    // pool may still hand out its ended connections, more of them than one batch tries.
    for (let waited = 0; ; waited += 20) {
      const [{ left }] = (await dataSource.query(
        `select count(*)::int as left from pg_stat_activity where datname = current_database() and application_name = $1`,
        [writerApplication],
      )) as { left: number }[];
      if (left === 0) break;
      if (waited > 5_000) throw new Error('the writer’s sessions did not end');
      await new Promise((wait) => setTimeout(wait, 20));
    }
    await new Promise((wait) => setTimeout(wait, 100));
    await writer.record(entry('stronger'));

    expect(await dataSource.query('select request_id, synchronous_commit from commit_settings order by request_id')).toEqual([
      { request_id: 'durable', synchronous_commit: 'on' },
      { request_id: 'durable-within', synchronous_commit: 'on' },
      { request_id: 'stronger', synchronous_commit: 'remote_apply' },
    ]);
  });

  it('stores awkward text exactly, so the chain still verifies', async () => {
    const { writer, dataSource, log } = await fresh();
    const awkward = ['NULL', '{"a",b}', 'back\\slash', "quote'single", 'comma, and "double"', 'ümlaut ✓ 𝄞', ' leading space'];
    await writer.recordAll(awkward.map((text, i) => entry(`awkward-${i}`, { subjectId: text, emergency: { reason: text } })));

    const rows = (await dataSource.query('select subject_id, emergency_reason from access_log order by sequence')) as {
      subject_id: string;
      emergency_reason: string;
    }[];
    expect(rows.map((row) => row.subject_id)).toEqual(awkward);
    expect(rows.map((row) => row.emergency_reason)).toEqual(awkward);
    expect(await log.verify()).toEqual({ ok: true, entries: awkward.length, head: await log.head() });

    // A change's entry is hashed by PostgreSQL: the same text must give the hash the verifier computes.
    for (const [i, text] of awkward.entries()) {
      const runner = dataSource.createQueryRunner();
      const client = (await runner.connect()) as SqlTransaction;
      await runner.startTransaction();
      await writer.recordWithin(client, entry(`awkward-within-${i}`, { subjectId: text, emergency: { reason: text }, outcome: 'changed' }));
      await runner.commitTransaction();
      await runner.release();
    }
    expect(await log.verify()).toEqual({ ok: true, entries: 2 * awkward.length, head: await log.head() });
  });

  it('still names a changed entry inside a batch as the first broken link', async () => {
    const { writer, dataSource, log } = await fresh();
    await Promise.all(Array.from({ length: 40 }, (_, i) => writer.record(entry(`r-${i}`))));
    await writer.recordAll(Array.from({ length: 10 }, (_, i) => entry(`list-${i}`)));
    await dataSource.transaction(async (manager) => {
      await manager.query('alter table access_log disable trigger access_log_append_only');
      await manager.query(`update access_log set legal_basis = 'jeugdwet' where sequence = 45`);
      await manager.query('alter table access_log enable always trigger access_log_append_only');
    });

    expect(await log.verify({ batchSize: 7 })).toEqual({ ok: false, firstBrokenSequence: 45, reason: 'hash-mismatch', entriesChecked: 44 });
  });

  it('interleaves with appends that join a caller’s transaction, on one chain', async () => {
    const { writer, dataSource, log } = await fresh();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? writer.record(entry(`writer-${i}`))
          : dataSource.transaction(async (manager) => {
              await log.record(
                { ...entry(`direct-${i}`), subjectType: 'case', action: 'read', legalBasis: 'jeugdwet', outcome: undefined },
                { manager },
              );
            }),
      ),
    );
    expect(await sequences(dataSource)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await log.verify()).ok).toBe(true);
  });

  it('writes a change’s entry in the change’s own transaction: on one chain with the batches, and gone when that transaction rolls back', async () => {
    const { writer, dataSource, log } = await fresh();
    const inTransaction = async (requestId: string, commit: boolean): Promise<void> => {
      const runner = dataSource.createQueryRunner();
      // The raw client, as the event store hands its own to the work of an append.
      const client = (await runner.connect()) as SqlTransaction;
      await runner.startTransaction();
      try {
        await writer.recordWithin(client, entry(requestId, { action: 'update', outcome: 'changed' }));
        if (commit) await runner.commitTransaction();
        else await runner.rollbackTransaction();
      } finally {
        await runner.release();
      }
    };
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? writer.record(entry(`batch-${i}`)) : inTransaction(`change-${i}`, i % 3 === 1))),
    );
    const written = await requestIdsInChainOrder(dataSource);
    expect(written.filter((id) => id.startsWith('change-')).sort()).toEqual(['change-1', 'change-10', 'change-4', 'change-7']);
    expect(written.filter((id) => id.startsWith('batch-'))).toHaveLength(4);
    expect(await sequences(dataSource)).toEqual(Array.from({ length: 8 }, (_, i) => i + 1));
    expect((await log.verify()).ok).toBe(true);
  });

  it('writes the entry of a change before the change and its outcome after, shown as one line that says what happened', async () => {
    const { writer, dataSource, log } = await fresh();
    const change = (requestId: string) => entry(requestId, { action: 'update', familyId: 'family-7', subjectId: 'case-7' });
    const first = await writer.recordPending(change('command-1'));
    // Committed before `recordPending` answers: the change may now be stored.
    expect(await dataSource.query(`select outcome, completes from access_log where request_id = 'command-1'`)).toEqual([
      { outcome: 'pending', completes: null },
    ]);
    const second = await writer.recordPending(change('command-2'));
    await writer.record(entry('read-1', { familyId: 'family-7', subjectId: 'case-7' }));
    await writer.recordPending(change('command-3'));
    await first.complete('changed');
    await second.complete('conflict');

    const rows = (await dataSource.query(
      `select sequence::int as sequence, request_id, outcome, completes::int as completes from access_log order by sequence`,
    )) as unknown[];
    expect(rows).toEqual([
      { sequence: 1, request_id: 'command-1', outcome: 'pending', completes: null },
      { sequence: 2, request_id: 'command-2', outcome: 'pending', completes: null },
      { sequence: 3, request_id: 'read-1', outcome: null, completes: null },
      { sequence: 4, request_id: 'command-3', outcome: 'pending', completes: null },
      { sequence: 5, request_id: 'command-1', outcome: 'changed', completes: 1 },
      { sequence: 6, request_id: 'command-2', outcome: 'conflict', completes: 2 },
    ]);
    expect((await log.verify()).ok).toBe(true);

    // The privacy officer and the family see each access once, with what it came to; one whose
    // outcome was never written (a crash after the entry) says so.
    const found = await log.search({ caseId: 'case-7' }, { limit: 10, offset: 0 });
    expect(found.map((line) => [line.requestId, line.outcome])).toEqual([
      ['command-3', 'pending'],
      ['read-1', null],
      ['command-2', 'conflict'],
      ['command-1', 'changed'],
    ]);
    const exported = await log.exportForFamily('family-7', {
      actor: { userId: 'pim', organisationId: 'beheer' },
      requestId: 'export-1',
      route: 'GET /api/v1/access-log/export/:familyId',
    });
    expect(exported.entries.map((line) => [line.sequence, line.action, line.outcome])).toEqual([
      [1, 'update', 'changed'],
      [2, 'update', 'conflict'],
      [3, 'read', null],
      [4, 'update', 'pending'],
      [7, 'export', null],
    ]);
  });

  it('on close writes what is queued, refuses new entries and gives its connection back', async () => {
    const { writer, writerSource, dataSource } = await fresh();
    const held = await holdHead(dataSource);
    const pending = [writer.record(entry('a')), writer.record(entry('b'))];
    await writerWaitsForHead(dataSource);
    const queued = writer.record(entry('c'));
    const closed = writer.close();
    const refused = await settle('d', writer.record(entry('d')));
    await releaseHead(held);
    await Promise.all([...pending, queued, closed]);

    expect(refused.outcome).toBe('rejected');
    expect((refused.error as AccessLogUnavailable).reason).toBe('closed');
    expect(await requestIdsInChainOrder(dataSource)).toEqual(['a', 'b', 'c']);
    // Its pool holds two connections: both can be taken only if the writer gave its own back.
    const runners = [writerSource.createQueryRunner(), writerSource.createQueryRunner()];
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise((resolve) => (timer = setTimeout(() => resolve('pool exhausted'), 5_000)));
    await expect(Promise.race([Promise.all(runners.map((runner) => runner.connect())).then(() => 'both connected'), stuck])).resolves.toBe(
      'both connected',
    );
    clearTimeout(timer);
    await Promise.all(runners.map((runner) => runner.release()));
  });
});
