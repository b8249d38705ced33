import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { describeEventStoreContract } from '../contract';
import { createTestDatabase } from '@ketenregie/testing';
import { createPostgresEventStore } from './postgres-event-store';
import type { NewStream } from './postgres-event-store';
import type { Checkpoint, SqlTransaction } from '../port';

describeEventStoreContract('postgresql', async () => {
  const database = await createTestDatabase('es_contract');
  const store = await createPostgresEventStore({ connectionString: database.url, idlePollMs: 200 });
  return {
    store,
    teardown: async () => {
      await store.close();
      await database.drop();
    },
  };
});

describe('postgresql: comparing checkpoints', () => {
  it('orders the fixed-width checkpoints it writes and shorter spellings of them alike', async () => {
    const database = await createTestDatabase('es_compare');
    const store = await createPostgresEventStore({ connectionString: database.url, idlePollMs: 200 });
    try {
      const wide = (transaction: number, position: number) =>
        `${String(transaction).padStart(20, '0')}:${String(position).padStart(20, '0')}` as Checkpoint;
      const ordered: Checkpoint[] = [wide(9, 5), wide(9, 10), wide(10, 1), wide(10, 2), wide(123456789, 1)];
      for (const [index, left] of ordered.entries()) {
        for (const [other, right] of ordered.entries()) expect(store.compareCheckpoints(left, right)).toBe(Math.sign(index - other));
        expect(store.compareCheckpoints('start', left)).toBe(-1);
        expect(store.compareCheckpoints(left, 'start')).toBe(1);
      }
      // As text "9:10" sorts before "9:5" and "10:1" before "9:5"; as checkpoints they do not.
      expect(store.compareCheckpoints('9:10' as Checkpoint, '9:5' as Checkpoint)).toBe(1);
      expect(store.compareCheckpoints('10:1' as Checkpoint, wide(9, 5))).toBe(1);
      expect(store.compareCheckpoints('9:5' as Checkpoint, wide(9, 5))).toBe(0);
      expect(() => store.compareCheckpoints('x' as Checkpoint, wide(9, 5))).toThrow();
    } finally {
      await store.close();
      await database.drop();
    }
  });
});

describe('postgresql: a repeated append', () => {
  it('says that its events were stored already, and a fresh append does not', async () => {
    const database = await createTestDatabase('es_already_stored');
    const store = await createPostgresEventStore({ connectionString: database.url, idlePollMs: 200 });
    try {
      const events = [{ id: randomUUID(), type: 'test.thing', data: { n: 1 } }];
      const first = await store.appendToStream('already-1', events, { expectedVersion: 'no_stream' });
      expect(first.alreadyStored).toBeUndefined();
      const again = await store.appendToStream('already-1', events, { expectedVersion: 'no_stream' });
      expect(again).toEqual({ ...first, alreadyStored: true });
      const next = await store.appendToStream('already-1', [{ id: randomUUID(), type: 'test.thing', data: { n: 2 } }], {
        expectedVersion: 0,
      });
      expect(next.alreadyStored).toBeUndefined();
    } finally {
      await store.close();
      await database.drop();
    }
  });
});

describe('postgresql: an append with work in its transaction (appendWithin)', () => {
  const withStore = async (
    run: (store: Awaited<ReturnType<typeof createPostgresEventStore>>, url: string) => Promise<void>,
  ): Promise<void> => {
    const database = await createTestDatabase('es_append_within');
    const store = await createPostgresEventStore({ connectionString: database.url, idlePollMs: 200 });
    try {
      await store.appendToStream('setup', [{ type: 'test.thing', data: {} }]);
      await run(store, database.url);
    } finally {
      await store.close();
      await database.drop();
    }
  };

  it('commits the work with the events, sees them from inside, and rolls both back when the work fails', async () => {
    await withStore(async (store) => {
      const appendWithin = store.appendWithin?.bind(store);
      if (!appendWithin) throw new Error('the PostgreSQL store offers appendWithin');
      const seen: unknown[] = [];
      const result = await appendWithin(
        'within-1',
        [{ id: randomUUID(), type: 'test.thing', data: { n: 1 } }],
        { expectedVersion: 'no_stream' },
        async (transaction, appended) => {
          // Same transaction: the work sees the uncommitted event, and the transaction id is the checkpoint's.
          const { rows } = await transaction.query(
            `select count(*)::int as events, lpad(pg_current_xact_id()::text, 20, '0') as tx from ${store.schema}.es_events where stream_id = $1`,
            ['within-1'],
          );
          seen.push(rows[0], appended.nextExpectedVersion);
          await transaction.query('create table within_work (n int)');
        },
      );
      expect(seen).toEqual([{ events: 1, tx: result.checkpoint.split(':')[0] }, 0]);
      expect(await store.streamVersion('within-1')).toBe(0);

      const failing = appendWithin(
        'within-1',
        [{ id: randomUUID(), type: 'test.thing', data: { n: 2 } }],
        { expectedVersion: 0 },
        async (transaction) => {
          await transaction.query('insert into within_work values (1)');
          throw new Error('work failed');
        },
      );
      await expect(failing).rejects.toThrow('work failed');
      expect(await store.streamVersion('within-1')).toBe(0);
      expect(await store.readStream('within-1')).toHaveLength(1);
    });
  });

  it('releases the locks the work took at the commit, without waiting for the disk, and answers only once the commit is on disk', async () => {
    await withStore(async (store, url) => {
      const appendWithin = store.appendWithin?.bind(store);
      if (!appendWithin) throw new Error('the PostgreSQL store offers appendWithin');
      // Fires at the commit: what the commit does, and how far the log reached just before it.
      const setup = async (transaction: { query: (text: string) => Promise<unknown> }): Promise<void> => {
        await transaction.query('create table at_commit (synchronous_commit text, lsn pg_lsn)');
        await transaction.query(`create function capture_commit() returns trigger language plpgsql as $$
          begin
            insert into at_commit values (current_setting('synchronous_commit'), pg_current_wal_insert_lsn());
            return null;
          end $$`);
        await transaction.query(`create constraint trigger capture_commit after insert on ${store.schema}.es_events
          deferrable initially deferred for each row execute function capture_commit()`);
      };
      await appendWithin('within-3', [{ type: 'test.thing', data: {} }], { expectedVersion: 'no_stream' }, setup);
      await appendWithin('within-3', [{ type: 'test.thing', data: {} }], { expectedVersion: 0 }, async (transaction) => {
        await transaction.query(`select * from ${store.schema}.es_streams where stream_id = 'setup' for update`);
      });
      const client = new Client({ connectionString: url });
      await client.connect();
      const { rows } = await client
        .query(`select a.synchronous_commit, pg_current_wal_flush_lsn() > a.lsn as flushed from at_commit a`)
        .finally(() => client.end());
      expect(rows).toEqual([{ synchronous_commit: 'off', flushed: true }]);
    });
  });

  it('sends the work’s last statement with the commit: both or neither, and nothing after it', async () => {
    await withStore(async (store) => {
      const appendWithin = store.appendWithin?.bind(store);
      if (!appendWithin) throw new Error('the PostgreSQL store offers appendWithin');
      const last = (text: string) => async (transaction: SqlTransaction) => {
        if (!transaction.queryAndCommit) throw new Error('the PostgreSQL store sends a last statement with its commit');
        await transaction.queryAndCommit(text);
      };
      await appendWithin(
        'within-4',
        [{ type: 'test.thing', data: {} }],
        { expectedVersion: 'no_stream' },
        last('create table last_work (n int)'),
      );
      await expect(
        appendWithin('within-4', [{ type: 'test.thing', data: {} }], { expectedVersion: 0 }, last('insert into last_work values (1 / 0)')),
      ).rejects.toMatchObject({ code: '22012' });
      expect(await store.streamVersion('within-4')).toBe(0);
      await expect(
        appendWithin('within-4', [{ type: 'test.thing', data: {} }], { expectedVersion: 0 }, async (transaction) => {
          await last('insert into last_work values (1)')(transaction);
          await transaction.query('insert into last_work values (2)');
        }),
      ).rejects.toThrow('A statement after the commit of an append');
      expect((await store.readStream('within-4')).map((event) => event.revision)).toEqual([0, 1]);
    });
  });

  it('runs no work for a wrong expected version or for events stored by an earlier try', async () => {
    await withStore(async (store) => {
      const appendWithin = store.appendWithin?.bind(store);
      if (!appendWithin) throw new Error('the PostgreSQL store offers appendWithin');
      let runs = 0;
      const work = async () => void (runs += 1);
      const events = [{ id: randomUUID(), type: 'test.thing', data: { n: 1 } }];
      await appendWithin('within-2', events, { expectedVersion: 'no_stream' }, work);
      await expect(
        appendWithin('within-2', [{ id: randomUUID(), type: 'test.thing', data: {} }], { expectedVersion: 5 }, work),
      ).rejects.toMatchObject({
        name: 'WrongExpectedVersion',
      });
      const again = await appendWithin('within-2', events, { expectedVersion: 'no_stream' }, work);
      expect(again.alreadyStored).toBe(true);
      expect(runs).toBe(1);
    });
  });
});

describe('postgresql: an append with companions in its own statement (appendWithCompanions)', () => {
  const withStore = async (
    run: (store: Awaited<ReturnType<typeof createPostgresEventStore>>, url: string) => Promise<void>,
  ): Promise<void> => {
    const database = await createTestDatabase('es_append_companions');
    const store = await createPostgresEventStore({ connectionString: database.url, idlePollMs: 200 });
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('create table companion_rows (stream text, version bigint, checkpoint text, note text)');
      await run(store, database.url);
    } finally {
      await client.end();
      await store.close();
      await database.drop();
    }
  };
  const rowsOf = async (url: string): Promise<unknown[]> => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query('select stream, version::int as version, checkpoint, note from companion_rows order by version, note'))
        .rows;
    } finally {
      await client.end();
    }
  };
  // Each companion names its own CTEs: two with one name would clash in the one statement.
  const note = (text: string, check?: string, name = 'written') => ({
    ctes: `${name} as (insert into companion_rows select 'c', r.next_version, r.checkpoint, $1 from append_result r returning 1)${
      check ? `, ${check}` : ''
    }`,
    values: [text],
    ...(check ? { check: 'failing' } : {}),
  });

  it('writes the companions with the events, seeing the append’s version and checkpoint, in one commit', async () => {
    await withStore(async (store, url) => {
      const append = store.appendWithCompanions?.bind(store);
      if (!append) throw new Error('the PostgreSQL store offers appendWithCompanions');
      const first = await append(
        'c',
        [
          { type: 'test.thing', data: {} },
          { type: 'test.thing', data: {} },
        ],
        { expectedVersion: 'no_stream' },
        [note('first')],
      );
      const second = await append('c', [{ type: 'test.thing', data: {} }], { expectedVersion: 1 }, [
        note('second'),
        note('also', undefined, 'also_written'),
      ]);
      expect(first.nextExpectedVersion).toBe(1);
      expect(second.nextExpectedVersion).toBe(2);
      expect(await rowsOf(url)).toEqual([
        { stream: 'c', version: 1, checkpoint: first.checkpoint, note: 'first' },
        { stream: 'c', version: 2, checkpoint: second.checkpoint, note: 'also' },
        { stream: 'c', version: 2, checkpoint: second.checkpoint, note: 'second' },
      ]);
    });
  });

  it('writes nothing for a wrong expected version or for events stored by an earlier try, and a failing check rolls the events back', async () => {
    await withStore(async (store, url) => {
      const append = store.appendWithCompanions?.bind(store);
      if (!append) throw new Error('the PostgreSQL store offers appendWithCompanions');
      const events = [{ id: randomUUID(), type: 'test.thing', data: {} }];
      await append('c', events, { expectedVersion: 'no_stream' }, [note('stored')]);
      await expect(append('c', [{ type: 'test.thing', data: {} }], { expectedVersion: 5 }, [note('stale')])).rejects.toMatchObject({
        name: 'WrongExpectedVersion',
      });
      const again = await append('c', events, { expectedVersion: 'no_stream' }, [note('retried')]);
      expect(again.alreadyStored).toBe(true);
      await expect(
        append('c', [{ type: 'test.thing', data: {} }], { expectedVersion: 0 }, [note('refused', 'failing as (select 1 / 0 as ok)')]),
      ).rejects.toMatchObject({ code: '22012' });
      expect(await store.streamVersion('c')).toBe(0);
      expect((await rowsOf(url)).map((row) => (row as { note: string }).note)).toEqual(['stored']);
    });
  });

  it('commits without waiting for the disk, and answers only once the commit is on disk', async () => {
    await withStore(async (store, url) => {
      const append = store.appendWithCompanions?.bind(store);
      if (!append) throw new Error('the PostgreSQL store offers appendWithCompanions');
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('create table at_commit (synchronous_commit text, lsn pg_lsn)');
        await client.query(`create function capture_commit() returns trigger language plpgsql as $$
          begin
            insert into at_commit values (current_setting('synchronous_commit'), pg_current_wal_insert_lsn());
            return null;
          end $$`);
        await client.query(`create constraint trigger capture_commit after insert on companion_rows
          deferrable initially deferred for each row execute function capture_commit()`);
        await append('d', [{ type: 'test.thing', data: {} }], { expectedVersion: 'no_stream' }, [note('durable')]);
        const { rows } = await client.query(`select a.synchronous_commit, pg_current_wal_flush_lsn() > a.lsn as flushed from at_commit a`);
        expect(rows).toEqual([{ synchronous_commit: 'off', flushed: true }]);
      } finally {
        await client.end();
      }
    });
  });
});

describe('postgresql: a read with a companion write (readStreamWith)', () => {
  it('writes the companion in the read’s own statement and answers its row with the events, for an empty stream too', async () => {
    const database = await createTestDatabase('es_read_with');
    const store = await createPostgresEventStore({ connectionString: database.url, idlePollMs: 200 });
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const readWith = store.readStreamWith?.bind(store);
      if (!readWith) throw new Error('the PostgreSQL store offers readStreamWith');
      await client.query('create table claims (key text primary key)');
      const claim = (key: string) => ({
        ctes: `claimed_now as (insert into claims values ($1) on conflict do nothing returning 1),
          claim_result as (select count(*) > 0 as claimed, $1::text as key from claimed_now)`,
        values: [key],
        result: 'claim_result',
      });
      expect(await readWith('r-1', [claim('a')])).toEqual({ events: [], companions: [{ claimed: true, key: 'a' }] });
      await store.appendToStream('r-1', [
        { type: 'test.one', data: { n: 1 } },
        { type: 'test.two', data: { n: 2 } },
      ]);
      const read = await readWith('r-1', [claim('a')]);
      expect(read.companions).toEqual([{ claimed: false, key: 'a' }]);
      expect(read.events).toEqual(await store.readStream('r-1'));
      expect(read.events.map((event) => event.type)).toEqual(['test.one', 'test.two']);
      expect((await client.query('select key from claims')).rows).toEqual([{ key: 'a' }]);
    } finally {
      await client.end();
      await store.close();
      await database.drop();
    }
  });
});

describe('postgresql: new streams in bulk (appendToNewStreams)', () => {
  // COPY's text format reads a backslash, tab and line break as escapes: text holding them must come back as written.
  const awkward = 'a\\b\tc\nd\re \\N \\. \u202eé😀';

  it('stores every event as written, in order, with the checkpoint of the last and each stream at its last revision', async () => {
    const database = await createTestDatabase('es_new_streams');
    const store = await createPostgresEventStore({ connectionString: database.url, idlePollMs: 200 });
    try {
      const streams: NewStream[] = [
        {
          streamId: `bulk-${awkward}`,
          events: [
            { type: 'test.opened', data: { text: awkward, nested: [{ deeper: awkward }], n: 1.5 }, metadata: { note: awkward } },
            { type: `test.${awkward}`, schemaVersion: 3, data: {} },
          ],
        },
        { streamId: 'bulk-2', events: [{ id: randomUUID(), type: 'test.opened', data: { quote: '"', slash: '/', empty: '' } }] },
      ];
      const appended = await store.appendToNewStreams(streams);
      expect(appended.events).toBe(3);
      const all = await store.readAll({ maxCount: 10 });
      expect(
        all.events.map((event) => [event.streamId, event.revision, event.type, event.schemaVersion, event.data, event.metadata]),
      ).toEqual([
        [`bulk-${awkward}`, 0, 'test.opened', 1, streams[0].events[0].data, { note: awkward }],
        [`bulk-${awkward}`, 1, `test.${awkward}`, 3, {}, {}],
        ['bulk-2', 0, 'test.opened', 1, streams[1].events[0].data, {}],
      ]);
      expect(all.events[2].id).toBe(streams[1].events[0].id);
      expect(appended.checkpoint).toBe(all.events[2].checkpoint);
      const next = await store.appendToStream(`bulk-${awkward}`, [{ type: 'test.more', data: {} }], { expectedVersion: 1 });
      expect(next.nextExpectedVersion).toBe(2);
    } finally {
      await store.close();
      await database.drop();
    }
  });

  it('writes nothing of a batch that names a stream already there or repeats an event id, and says which', async () => {
    const database = await createTestDatabase('es_new_streams_refused');
    const store = await createPostgresEventStore({ connectionString: database.url, idlePollMs: 200 });
    try {
      const stored = randomUUID();
      await store.appendToStream('there', [{ id: stored, type: 'test.opened', data: {} }], { expectedVersion: 'no_stream' });
      const fresh = { streamId: 'fresh', events: [{ type: 'test.opened', data: {} }] };
      await expect(
        store.appendToNewStreams([fresh, { streamId: 'there', events: [{ type: 'test.opened', data: {} }] }]),
      ).rejects.toMatchObject({
        name: 'WrongExpectedVersion',
      });
      await expect(
        store.appendToNewStreams([{ streamId: 'other', events: [{ id: stored, type: 'test.opened', data: {} }] }]),
      ).rejects.toMatchObject({
        name: 'DuplicateEventId',
      });
      await expect(
        store.appendToNewStreams([{ streamId: 'nul', events: [{ type: 'test.opened', data: { text: 'a\u0000b' } }] }]),
      ).rejects.toThrow();
      expect((await store.readAll({ maxCount: 10 })).events.map((event) => event.streamId)).toEqual(['there']);
      // The refused batches left no stream behind: the fresh one can still be created.
      await expect(store.appendToNewStreams([fresh])).resolves.toMatchObject({ events: 1 });
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
