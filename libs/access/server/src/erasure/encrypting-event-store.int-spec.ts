import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InvalidAppend, createPostgresEventStore } from '@ketenregie/event-store';
import type { Checkpoint, EventStore, PostgresEventStore, RecordedEvent } from '@ketenregie/event-store';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import nodeCrypto from 'node:crypto';
import { MasterKeyMismatch, PersonalDataIntegrityError } from './crypto';
import { EncryptingEventStore } from './encrypting-event-store';
import type { PersonalDataRegistry } from './encrypting-event-store';
import { FamilyDataErased, FamilyKeyStore } from './family-key-store';

const REPORT_RECEIVED = 'cases.report-received.v1';
const TASK_ADDED = 'cases.task-added.v1';

const registry: PersonalDataRegistry = {
  [REPORT_RECEIVED]: {
    familyId: (data) => (typeof data.familyId === 'string' ? data.familyId : undefined),
    personalFields: ['reportedPerson', 'children', 'narrative'],
  },
};

let db: TestDatabase;
let dataSource: DataSource;
let inner: PostgresEventStore;
let keys: FamilyKeyStore;
let store: EncryptingEventStore;
const masterKey = randomBytes(32);

beforeAll(async () => {
  db = await createTestDatabase('encrypting_es');
  dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false, poolSize: 4 });
  await dataSource.initialize();
  inner = await createPostgresEventStore({ connectionString: db.url, idlePollMs: 100, poolSize: 4 });
  keys = new FamilyKeyStore(dataSource, masterKey);
  await keys.ensureSchema();
  store = new EncryptingEventStore(inner, keys, registry);
});

afterAll(async () => {
  await store.close();
  await dataSource.destroy();
  await db.drop();
});

type Family = { familyId: string; streamId: string; surname: string; child: string };

const newFamily = (): Family => {
  const tag = randomBytes(4).toString('hex');
  return {
    familyId: `family-${tag}`,
    streamId: `case-${tag}`,
    surname: `Amrani${tag}`,
    child: `Noor${tag}`,
  };
};

const report = (family: Family) => ({
  id: randomUUID(),
  type: REPORT_RECEIVED,
  data: {
    familyId: family.familyId,
    caseId: family.streamId,
    sourceCategory: 'police',
    form: 'partner-violence',
    childCount: 2,
    reportedPerson: { firstName: 'Fatima', lastName: family.surname },
    children: [{ name: family.child, born: 2017 }],
    narrative: `Melding over ${family.child} ${family.surname}`,
  },
});

const rawData = async (streamId: string): Promise<string[]> =>
  (
    (await dataSource.query('select data::text as data from event_store.es_events where stream_id = $1 order by stream_revision', [
      streamId,
    ])) as { data: string }[]
  ).map((row) => row.data);

// Read through the undecorated store: the global log also holds the forged events of another test.
const head = async (): Promise<Checkpoint | 'start'> => {
  let from: Checkpoint | 'start' = 'start';
  for (;;) {
    const page = await inner.readAll({ from, maxCount: 1000 });
    if (page.events.length === 0) return from;
    from = page.checkpoint;
  }
};

const readAllEvents = async (target: EventStore, start: Checkpoint | 'start'): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  let from = start;
  for (;;) {
    const page = await target.readAll({ from, maxCount: 7 });
    if (page.events.length === 0) return events;
    events.push(...page.events);
    from = page.checkpoint;
  }
};

const subscribeAll = async (target: EventStore, from: Checkpoint | 'start'): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  const errors: unknown[] = [];
  let caughtUp: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (caughtUp = resolve));
  const subscription = target.subscribeToAll(
    async (batch) => {
      events.push(...batch);
    },
    { from, batchSize: 5, onCaughtUp: () => caughtUp(), onError: (error) => errors.push(error) },
  );
  await Promise.race([done, subscription.done]);
  await subscription.stop();
  if (errors.length > 0) throw errors[0];
  return events;
};

const ofStream = (events: RecordedEvent[], streamId: string) => events.filter((event) => event.streamId === streamId);

describe('EncryptingEventStore', () => {
  it('round-trips personal fields and stores them only as ciphertext, other fields in plain text', async () => {
    const family = newFamily();
    const event = report(family);
    await store.appendToStream(family.streamId, [event, { type: TASK_ADDED, data: { caseId: family.streamId, task: 'visit' } }], {
      expectedVersion: 'no_stream',
    });

    const [read, task] = await store.readStream(family.streamId);
    expect(read.data).toEqual(event.data);
    expect(task.data).toEqual({ caseId: family.streamId, task: 'visit' });

    const raw = await rawData(family.streamId);
    expect(raw[0]).not.toContain(family.surname);
    expect(raw[0]).not.toContain(family.child);
    expect(raw[0]).not.toContain('Fatima');
    const stored = JSON.parse(raw[0]) as Record<string, unknown>;
    expect(stored).toMatchObject({ familyId: family.familyId, sourceCategory: 'police', form: 'partner-violence', childCount: 2 });
    expect(stored.reportedPerson).toMatchObject({ $pd: 1, f: family.familyId });
  });

  it('after erasure, every read path shows redaction markers and no plaintext, statistics fields intact', async () => {
    const erasedFamily = newFamily();
    const keptFamily = newFamily();
    const start = await head();
    await store.appendToStream(erasedFamily.streamId, [report(erasedFamily), report(erasedFamily)]);
    await store.appendToStream(keptFamily.streamId, [report(keptFamily)]);

    const { erasedAt } = await keys.erase(erasedFamily.familyId, 'request');
    const marker = { $erased: true, erasedAt: erasedAt.toISOString() };

    // A fresh key store as well: a process that never saw the key, as after a restart.
    const restarted = new EncryptingEventStore(inner, new FamilyKeyStore(dataSource, masterKey), registry);
    for (const reader of [store, restarted]) {
      const paths = {
        readStream: await reader.readStream(erasedFamily.streamId),
        readStreamBackwards: await reader.readStream(erasedFamily.streamId, { direction: 'backwards' }),
        readAll: ofStream(await readAllEvents(reader, start), erasedFamily.streamId),
        subscribeToAll: ofStream(await subscribeAll(reader, start), erasedFamily.streamId),
      };
      for (const [path, events] of Object.entries(paths)) {
        expect([path, events.length]).toEqual([path, 2]);
        const text = JSON.stringify(events);
        expect(text).not.toContain(erasedFamily.surname);
        expect(text).not.toContain(erasedFamily.child);
        for (const event of events) {
          expect(event.data).toEqual({
            familyId: erasedFamily.familyId,
            caseId: erasedFamily.streamId,
            sourceCategory: 'police',
            form: 'partner-violence',
            childCount: 2,
            reportedPerson: marker,
            children: marker,
            narrative: marker,
          });
        }
      }
      const kept = await reader.readStream(keptFamily.streamId);
      expect(kept[0].data.children).toEqual([{ name: keptFamily.child, born: 2017 }]);
    }
    await expect(store.appendToStream(erasedFamily.streamId, [report(erasedFamily)])).rejects.toThrow(FamilyDataErased);
  });

  it('rejects a ciphertext copied into another family’s event', async () => {
    const victim = newFamily();
    const other = newFamily();
    await store.appendToStream(victim.streamId, [report(victim)]);
    await store.appendToStream(other.streamId, [report(other)]);
    const stolen = (JSON.parse((await rawData(victim.streamId))[0]) as Record<string, { f: string }>).reportedPerson;

    for (const copied of [stolen, { ...stolen, f: other.familyId }]) {
      const streamId = `forged-${randomUUID()}`;
      // Written around the decorator, as someone with write access to the tables could.
      await inner.appendToStream(streamId, [
        { type: REPORT_RECEIVED, data: { familyId: other.familyId, sourceCategory: 'police', reportedPerson: copied } },
      ]);
      await expect(store.readStream(streamId)).rejects.toThrow(PersonalDataIntegrityError);
      await inner.deleteStream(streamId);
    }
  });

  it('fails clearly when configured with another master key', async () => {
    const family = newFamily();
    await store.appendToStream(family.streamId, [report(family)]);
    const misconfigured = new EncryptingEventStore(inner, new FamilyKeyStore(dataSource, randomBytes(32)), registry);
    await expect(misconfigured.readStream(family.streamId)).rejects.toThrow(MasterKeyMismatch);
  });

  it('refuses personal data without a family id instead of storing it in plain text', async () => {
    const streamId = `case-${randomUUID()}`;
    await expect(
      store.appendToStream(streamId, [{ type: REPORT_RECEIVED, data: { sourceCategory: 'police', narrative: 'Fatima' } }]),
    ).rejects.toThrow(InvalidAppend);
    expect(await inner.streamVersion(streamId)).toBe('no_stream');
  });

  it('looks keys up once per page, not once per event', async () => {
    const families = Array.from({ length: 6 }, newFamily);
    const start = await head();
    for (const family of families) await store.appendToStream(family.streamId, [report(family), report(family)]);
    const fresh = new FamilyKeyStore(dataSource, masterKey);
    const findKeys = jest.spyOn(fresh, 'findKeys');
    const reader = new EncryptingEventStore(inner, fresh, registry);
    const page = await reader.readAll({ from: start, maxCount: 1000 });
    expect(page.events).toHaveLength(12);
    expect(findKeys).toHaveBeenCalledTimes(1);
    for (const family of families) {
      const events = ofStream(page.events, family.streamId);
      expect(events.map((event) => event.data.narrative)).toEqual([
        `Melding over ${family.child} ${family.surname}`,
        `Melding over ${family.child} ${family.surname}`,
      ]);
    }
  });
});

describe('EncryptingEventStore with nested paths and the family of the stream', () => {
  const OPENED = 'test.case-opened';
  const NOTE = 'test.note-added';
  const nested: PersonalDataRegistry = {
    [OPENED]: {
      familyId: (data) => (typeof data.familyId === 'string' ? data.familyId : undefined),
      personalFields: ['household.address.street', 'household.members.*.name'],
    },
    [NOTE]: { familyId: 'stream', personalFields: ['text', 'items.*.text'] },
  };

  const opened = (family: Family) => ({
    type: OPENED,
    data: {
      familyId: family.familyId,
      household: {
        address: { street: `Lingewal ${family.surname}`, municipality: 'Gorinchem' },
        members: [
          { memberId: 'm1', role: 'adult', name: family.surname },
          { memberId: 'm2', role: 'child', name: family.child },
        ],
      },
    },
  });
  const note = (family: Family) => ({
    type: NOTE,
    data: { noteId: randomUUID(), text: `Gesprek met ${family.child}`, items: [{ text: family.surname, dueOn: '2026-05-01' }] },
  });

  it('seals only the named paths, keeping municipality, roles and dates plain, and opens them again', async () => {
    const family = newFamily();
    const writer = new EncryptingEventStore(inner, keys, nested);
    await writer.appendToStream(family.streamId, [opened(family)], { expectedVersion: 'no_stream' });
    await writer.appendToStream(family.streamId, [note(family)]);

    const raw = (await rawData(family.streamId)).join('\n');
    expect(raw).not.toContain(family.surname);
    expect(raw).not.toContain(family.child);
    const [storedOpened, storedNote] = (await rawData(family.streamId)).map((text) => JSON.parse(text) as Record<string, never>);
    expect(storedOpened).toMatchObject({
      familyId: family.familyId,
      household: {
        address: { street: { $pd: 1, f: family.familyId }, municipality: 'Gorinchem' },
        members: [{ role: 'adult' }, { role: 'child' }],
      },
    });
    // The note names no family: it was sealed with the key of the stream's family.
    expect(storedNote).toMatchObject({
      text: { $pd: 1, f: family.familyId },
      items: [{ text: { $pd: 1, f: family.familyId }, dueOn: '2026-05-01' }],
    });

    const reader = new EncryptingEventStore(inner, new FamilyKeyStore(dataSource, masterKey), nested);
    const [readOpened, readNote] = await reader.readStream(family.streamId);
    expect(readOpened.data).toEqual(opened(family).data);
    expect(readNote.data).toMatchObject({ text: `Gesprek met ${family.child}`, items: [{ text: family.surname, dueOn: '2026-05-01' }] });
  });

  it('opens a value read twice only once, one it sealed itself not at all, and never lets a forged copy ride on it', async () => {
    const family = newFamily();
    const writer = new EncryptingEventStore(inner, keys, nested);
    await writer.appendToStream(family.streamId, [opened(family), note(family)]);
    const reader = new EncryptingEventStore(inner, keys, nested);
    const decryptions = jest.spyOn(nodeCrypto, 'createDecipheriv');
    try {
      const first = await reader.readStream(family.streamId);
      expect(decryptions).toHaveBeenCalledTimes(5);
      // A second projection reading the same events a moment later.
      expect(await reader.readStream(family.streamId)).toEqual(first);
      expect(decryptions).toHaveBeenCalledTimes(5);
      // The process that appended them reads them back as they were, without opening anything.
      expect(await writer.readStream(family.streamId)).toEqual(first);
      expect(first.map((event) => event.data)).toEqual([opened(family).data, expect.objectContaining({ text: expect.any(String) })]);
      expect(decryptions).toHaveBeenCalledTimes(5);
    } finally {
      decryptions.mockRestore();
    }

    // Same iv and tag as a genuine value, another ciphertext: fails authentication as before.
    const [storedNote] = (await rawData(family.streamId)).slice(1).map((text) => JSON.parse(text) as { text: { ct: string } });
    const forged = { ...storedNote, text: { ...storedNote.text, ct: Buffer.from('vervalst').toString('base64') } };
    const forgedStream = `case-${randomUUID()}`;
    await inner.appendToStream(forgedStream, [opened(family), { type: NOTE, data: forged }]);
    await expect(reader.readStream(forgedStream)).rejects.toThrow(PersonalDataIntegrityError);
  });

  it('opens the events of a pass that reads each once as any read does, and keeps none of them for the next reader', async () => {
    const family = newFamily();
    const events = [opened(family), note(family)];
    const before = await inner.headCheckpoint();
    await new EncryptingEventStore(inner, keys, nested).appendToStream(family.streamId, events);
    const reader = new EncryptingEventStore(inner, keys, nested);
    const decryptions = jest.spyOn(nodeCrypto, 'createDecipheriv');
    try {
      const { events: pass } = await reader.readAll({ from: before, maxCount: 100, readOnce: true });
      expect(pass.filter((event) => event.streamId === family.streamId).map((event) => event.data)).toEqual(
        events.map((event) => event.data),
      );
      expect(decryptions).toHaveBeenCalledTimes(5);
      // The next reader opens them again: the pass kept nothing. That reader's read is kept.
      expect((await reader.readStream(family.streamId)).map((event) => event.data)).toEqual(events.map((event) => event.data));
      expect(decryptions).toHaveBeenCalledTimes(10);
      await reader.readStream(family.streamId);
      expect(decryptions).toHaveBeenCalledTimes(10);
    } finally {
      decryptions.mockRestore();
    }
  });

  it('hands each reader its own copy of an opened object, so one changing it changes nobody else’s', async () => {
    const family = newFamily();
    const reader = new EncryptingEventStore(inner, keys, nested);
    await reader.appendToStream(family.streamId, [
      opened(family),
      { type: NOTE, data: { text: { with: family.child, topics: ['school'] } } },
    ]);
    const [, mine] = await reader.readStream(family.streamId);
    const text = mine.data.text as { with: string; topics: string[] };
    text.with = 'veranderd';
    text.topics.push('veranderd');
    const [, theirs] = await reader.readStream(family.streamId);
    expect(theirs.data.text).toEqual({ with: family.child, topics: ['school'] });
    expect(await reader.readStream(family.streamId)).toEqual([
      expect.anything(),
      expect.objectContaining({ data: { text: { with: family.child, topics: ['school'] } } }),
    ]);
  });

  it('finds the family of a stream it never read from the stream’s first event, and refuses a stream without one', async () => {
    const family = newFamily();
    await new EncryptingEventStore(inner, keys, nested).appendToStream(family.streamId, [opened(family)]);
    const cold = new EncryptingEventStore(inner, new FamilyKeyStore(dataSource, masterKey), nested);
    await cold.appendToStream(family.streamId, [note(family)]);
    const [, sealedNote] = (await rawData(family.streamId)).map((text) => JSON.parse(text) as { text: { f: string } });
    expect(sealedNote.text.f).toBe(family.familyId);

    const orphan = `case-${randomUUID()}`;
    await expect(cold.appendToStream(orphan, [note(family)])).rejects.toThrow(InvalidAppend);
    expect(await inner.streamVersion(orphan)).toBe('no_stream');
  });

  it('appends for a hot family without a single extra database round trip', async () => {
    const family = newFamily();
    const hotKeys = new FamilyKeyStore(dataSource, masterKey);
    const hot = new EncryptingEventStore(inner, hotKeys, nested);
    await hot.appendToStream(family.streamId, [opened(family)]);
    // The command path: read the stream, decide, append.
    await hot.readStream(family.streamId);
    const queries = jest.spyOn(dataSource.manager, 'query');
    const transactions = jest.spyOn(dataSource, 'transaction');
    const streamReads = jest.spyOn(inner, 'readStream');
    try {
      await hot.appendToStream(family.streamId, [note(family)]);
      await hot.readStream(family.streamId);
      expect(queries).not.toHaveBeenCalled();
      expect(transactions).not.toHaveBeenCalled();
      // The one read of the stream is the caller's own, not a lookup of its family.
      expect(streamReads).toHaveBeenCalledTimes(1);
    } finally {
      queries.mockRestore();
      transactions.mockRestore();
      streamReads.mockRestore();
    }
  });

  it('shows erased values as markers at their place, the plain fields unchanged', async () => {
    const family = newFamily();
    const store2 = new EncryptingEventStore(inner, keys, nested);
    await store2.appendToStream(family.streamId, [opened(family), note(family)]);
    // Read once before: what this reader opened a moment ago must not outlive the erasure.
    expect(JSON.stringify(await store2.readStream(family.streamId))).toContain(family.child);
    const { erasedAt } = await keys.erase(family.familyId, 'retention-expired');
    expect(JSON.stringify(await store2.readStream(family.streamId))).not.toContain(family.child);
    const marker = { $erased: true, erasedAt: erasedAt.toISOString() };
    const [readOpened, readNote] = await new EncryptingEventStore(inner, new FamilyKeyStore(dataSource, masterKey), nested).readStream(
      family.streamId,
    );
    expect(readOpened.data).toEqual({
      familyId: family.familyId,
      household: {
        address: { street: marker, municipality: 'Gorinchem' },
        members: [
          { memberId: 'm1', role: 'adult', name: marker },
          { memberId: 'm2', role: 'child', name: marker },
        ],
      },
    });
    expect(readNote.data).toMatchObject({ text: marker, items: [{ text: marker, dueOn: '2026-05-01' }] });
  });
});

describe('a read with companions (readStreamWith)', () => {
  it('looks up a family key that is no longer cached in the read’s own statement, and sees an erasure there', async () => {
    const family = newFamily();
    await store.appendToStream(family.streamId, [report(family)], { expectedVersion: 'no_stream' });
    let now = 1_000_000;
    const coldKeys = new FamilyKeyStore(dataSource, masterKey, { now: () => now, cacheTtlMs: 1_000 });
    const cold = new EncryptingEventStore(inner, coldKeys, registry);
    const readWith = cold.readStreamWith?.bind(cold);
    if (!readWith) throw new Error('the encrypting store passes readStreamWith on');
    // The first read learns the stream's family (and caches its key).
    await cold.readStream(family.streamId);
    now += 5_000;

    const lookups = jest.spyOn(dataSource.manager, 'query');
    try {
      const read = await readWith(family.streamId, []);
      expect(read.companions).toEqual([]);
      expect((read.events[0].data as { narrative: string }).narrative).toBe(`Melding over ${family.child} ${family.surname}`);
      // The key came with the read: no lookup of its own.
      expect(lookups).not.toHaveBeenCalled();

      now += 5_000;
      const { erasedAt } = await keys.erase(family.familyId, 'request');
      lookups.mockClear();
      const erased = await readWith(family.streamId, []);
      expect((erased.events[0].data as { narrative: unknown }).narrative).toEqual({ $erased: true, erasedAt: erasedAt.toISOString() });
      expect(lookups).not.toHaveBeenCalled();
    } finally {
      lookups.mockRestore();
    }
  });
});
