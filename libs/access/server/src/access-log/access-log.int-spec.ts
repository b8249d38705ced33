import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { createOrganisationDirectory } from '@ketenregie/access-domain';
import { ACCESS_LOG } from '@ketenregie/access-contracts';
import type { AccessLogPort } from '@ketenregie/access-contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { AccessLog } from './access-log';
import type { AccessLogEntryInput } from './access-log-entry';
import { entryHash } from './access-log-hash';
import { AccessLogModule } from './access-log.module';

type Fixture = { db: TestDatabase; dataSource: DataSource; log: AccessLog };

const fixtures: Fixture[] = [];

// A database per test: tampering tests leave a broken chain behind on purpose.
const freshLog = async (poolSize = 4): Promise<Fixture> => {
  const db = await createTestDatabase('access_log');
  const dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false, poolSize });
  await dataSource.initialize();
  const log = new AccessLog(dataSource);
  await log.ensureSchema();
  const fixture = { db, dataSource, log };
  fixtures.push(fixture);
  return fixture;
};

afterEach(async () => {
  for (const { dataSource, db } of fixtures.splice(0)) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.drop();
  }
});

const entry = (overrides: Partial<AccessLogEntryInput> = {}): AccessLogEntryInput => ({
  subjectType: 'case',
  subjectId: 'case-1',
  familyId: 'family-1',
  actor: { userId: 'user-1', organisationId: 'vt-zuid-holland-zuid', role: 'veilig-thuis-professional' },
  action: 'read',
  legalBasis: 'wmo-2015-4.1.1',
  requestId: 'request-1',
  route: 'GET /api/v1/cases/:caseId',
  ...overrides,
});

const recordMany = async (log: AccessLog, count: number): Promise<void> => {
  for (let i = 1; i <= count; i++) {
    await log.record(
      entry({
        subjectId: `case-${i % 7}`,
        requestId: `request-${i}`,
        action: i % 5 === 0 ? 'update' : 'read',
        ...(i % 11 === 0 ? { emergency: { reason: 'Acute zorg buiten kantooruren' } } : {}),
        ...(i % 13 === 0
          ? { onBehalfOf: { userId: 'user-2', organisationId: 'gemeente-gorinchem', role: 'team-sociaal-consultant' } }
          : {}),
      }),
    );
  }
};

// The owner can switch the append-only trigger off; that is the attack the hash chain exposes.
const asTamperingOwner = async (dataSource: DataSource, sql: string, parameters: unknown[] = []): Promise<void> => {
  await dataSource.transaction(async (manager) => {
    await manager.query('alter table access_log disable trigger access_log_append_only');
    await manager.query(sql, parameters);
    await manager.query('alter table access_log enable always trigger access_log_append_only');
  });
};

describe('AccessLog (PostgreSQL)', () => {
  it('verifies a chain of many entries, walked in batches', async () => {
    const { log, dataSource } = await freshLog();
    await log.ensureSchema();
    await recordMany(log, 1050);

    const result = await log.verify({ batchSize: 100 });

    expect(result).toEqual({ ok: true, entries: 1050, head: await log.head() });
    const [stored] = (await dataSource.query(
      `select count(*)::int as entries, count(*) filter (where emergency)::int as emergencies,
              count(*) filter (where on_behalf_of_user_id is not null)::int as on_behalf
       from access_log`,
    )) as { entries: number; emergencies: number; on_behalf: number }[];
    expect(stored).toEqual({ entries: 1050, emergencies: 95, on_behalf: 80 });
  });

  it('keeps the chain gapless and linear with 16 connections recording at once', async () => {
    const { log, dataSource } = await freshLog(16);
    const writers = 16;
    const perWriter = 25;
    const backends = new Set<number>();
    let open = 0;
    let mostOpen = 0;
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        for (let i = 0; i < perWriter; i++) {
          await dataSource.transaction(async (manager) => {
            open++;
            mostOpen = Math.max(mostOpen, open);
            const [{ pid }] = (await manager.query('select pg_backend_pid() as pid')) as { pid: number }[];
            backends.add(pid);
            // Work before the append widens the window in which transactions overlap.
            await manager.query('select pg_sleep(0.002)');
            await log.record(entry({ requestId: `writer-${writer}-${i}` }), { manager });
            open--;
          });
        }
      }),
    );

    expect(backends.size).toBe(writers);
    expect(mostOpen).toBeGreaterThan(1);
    const rows = (await dataSource.query(`select sequence::int as sequence, recorded_at from access_log order by sequence`)) as {
      sequence: number;
      recorded_at: Date;
    }[];
    expect(rows.map((row) => row.sequence)).toEqual(Array.from({ length: writers * perWriter }, (_, i) => i + 1));
    // The time is taken under the head lock, so it never goes back as the sequence goes up.
    expect(rows.every((row, i) => i === 0 || row.recorded_at >= rows[i - 1].recorded_at)).toBe(true);
    expect(await log.verify()).toEqual({ ok: true, entries: writers * perWriter, head: await log.head() });
  });

  it('names the changed entry as the first broken link', async () => {
    const { log, dataSource } = await freshLog();
    await recordMany(log, 30);
    await asTamperingOwner(dataSource, `update access_log set actor_organisation_id = 'elsewhere' where sequence = 17`);

    expect(await log.verify({ batchSize: 8 })).toEqual({ ok: false, firstBrokenSequence: 17, reason: 'hash-mismatch', entriesChecked: 16 });
  });

  it('catches a changed entry whose own hash was recomputed at the next link', async () => {
    const { log, dataSource } = await freshLog();
    await recordMany(log, 10);
    const [row] = (await dataSource.query(`select * from access_log where sequence = 4`)) as Record<string, unknown>[];
    const forged = entryHash(row.previous_hash as string, {
      sequence: 4,
      recordedAt: row.recorded_at as Date,
      subjectType: 'case',
      subjectId: row.subject_id as string,
      familyId: row.family_id as string,
      actor: { userId: 'user-1', organisationId: 'vt-zuid-holland-zuid', role: 'veilig-thuis-professional' },
      onBehalfOf: null,
      action: 'read',
      legalBasis: 'jeugdwet',
      emergency: false,
      emergencyReason: null,
      requestId: row.request_id as string,
      route: row.route as string,
      outcome: null,
      completes: null,
    });
    await asTamperingOwner(dataSource, `update access_log set legal_basis = 'jeugdwet', hash = $1 where sequence = 4`, [forged]);

    expect(await log.verify()).toEqual({ ok: false, firstBrokenSequence: 5, reason: 'previous-hash-mismatch', entriesChecked: 4 });
  });

  it('reports a deleted entry as a gap, and a cut-off tail against the head', async () => {
    const { log, dataSource } = await freshLog();
    await recordMany(log, 12);
    await asTamperingOwner(dataSource, `delete from access_log where sequence = 6`);
    expect(await log.verify({ batchSize: 5 })).toEqual({ ok: false, firstBrokenSequence: 6, reason: 'sequence-gap', entriesChecked: 5 });

    const tail = await freshLog();
    await recordMany(tail.log, 12);
    await asTamperingOwner(tail.dataSource, `delete from access_log where sequence > 10`);
    expect(await tail.log.verify()).toEqual({ ok: false, firstBrokenSequence: 11, reason: 'sequence-gap', entriesChecked: 10 });
  });

  it('rejects UPDATE, DELETE and TRUNCATE through SQL, also in replica mode, and never moves the head back', async () => {
    const { log, dataSource } = await freshLog();
    await recordMany(log, 3);

    await expect(dataSource.query(`update access_log set action = 'erase' where sequence = 2`)).rejects.toThrow(
      'access_log is append-only: UPDATE is not allowed',
    );
    await expect(dataSource.query(`delete from access_log where sequence = 2`)).rejects.toThrow(
      'access_log is append-only: DELETE is not allowed',
    );
    await expect(dataSource.query(`truncate access_log`)).rejects.toThrow('access_log is append-only: TRUNCATE is not allowed');
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query(`set local session_replication_role = replica`);
        await manager.query(`delete from access_log where sequence = 3`);
      }),
    ).rejects.toThrow('access_log is append-only: DELETE is not allowed');
    await expect(dataSource.query(`update access_log_head set sequence = 2`)).rejects.toThrow('access_log_head only advances');
    await expect(dataSource.query(`delete from access_log_head`)).rejects.toThrow('access_log_head only advances');

    expect(await log.verify()).toEqual({ ok: true, entries: 3, head: await log.head() });
  });

  it('leaves neither an entry nor a gap when the caller rolls back', async () => {
    const { log, dataSource } = await freshLog();
    await recordMany(log, 2);
    const failure = new Error('serving the data failed');

    await expect(
      dataSource.transaction(async (manager) => {
        const recorded = await log.record(entry({ requestId: 'rolled-back' }), { manager });
        expect(recorded.sequence).toBe(3);
        throw failure;
      }),
    ).rejects.toBe(failure);

    const [{ entries }] = (await dataSource.query(`select count(*)::int as entries from access_log where request_id = 'rolled-back'`)) as {
      entries: number;
    }[];
    expect(entries).toBe(0);
    expect((await log.head()).sequence).toBe(2);
    expect((await log.record(entry({ requestId: 'after' }))).sequence).toBe(3);
    expect(await log.verify()).toEqual({ ok: true, entries: 3, head: await log.head() });
  });

  it('refuses a manager that is not in a transaction, and entries that could leak or mislead', async () => {
    const { log, dataSource } = await freshLog();

    await expect(log.record(entry(), { manager: dataSource.manager })).rejects.toThrow('not in a transaction');
    await expect(log.record(entry({ route: 'GET /api/v1/families/search?name=Jansen' }))).rejects.toThrow('route');
    expect((await log.head()).sequence).toBe(0);
  });

  it('exports only the family’s entries, oldest first, without the professionals, and logs the export', async () => {
    const { log, dataSource } = await freshLog();
    await log.record(
      entry({ subjectType: 'family', subjectId: 'family-1', familyId: undefined, action: 'search', route: 'GET /api/v1/families' }),
    );
    await log.record(entry({ subjectId: 'case-9', familyId: 'family-2' }));
    await log.record(
      entry({
        action: 'update',
        legalBasis: 'meldcode',
        emergency: { reason: 'Buiten relatie geopend wegens acute melding' },
        onBehalfOf: { userId: 'user-7', organisationId: 'gemeente-gorinchem', role: 'team-sociaal-consultant' },
      }),
    );
    await log.record(entry({ subjectId: 'case-10', familyId: undefined }));

    const exported = await log.exportForFamily('family-1', {
      actor: { userId: 'privacy-officer-1', organisationId: 'gemeente-gorinchem', role: 'privacy-officer' },
      requestId: 'export-1',
      route: 'GET /api/v1/access-log/families/:familyId',
    });

    expect(exported.familyId).toBe('family-1');
    expect(exported.entries.map((line) => [line.sequence, line.subjectType, line.subjectId, line.action, line.legalBasis])).toEqual([
      [1, 'family', 'family-1', 'search', 'wmo-2015-4.1.1'],
      [3, 'case', 'case-1', 'update', 'meldcode'],
      [5, 'family', 'family-1', 'export', 'avg-art-15'],
    ]);
    expect(exported.entries[1]).toMatchObject({
      organisationId: 'vt-zuid-holland-zuid',
      role: 'veilig-thuis-professional',
      onBehalfOf: { organisationId: 'gemeente-gorinchem', role: 'team-sociaal-consultant' },
      emergency: true,
      emergencyReason: 'Buiten relatie geopend wegens acute melding',
      legalBasisDescription: 'Wet verplichte meldcode huiselijk geweld en kindermishandeling',
    });
    expect(exported.entries[2]).toMatchObject({ organisationId: 'gemeente-gorinchem', role: 'privacy-officer', emergency: false });
    expect(exported.exportedAt).toBe(exported.entries[2].recordedAt);
    const text = JSON.stringify(exported);
    for (const hidden of ['user-1', 'user-7', 'privacy-officer-1', 'request-1', 'export-1', 'case-9', 'case-10', 'family-2']) {
      expect(text).not.toContain(hidden);
    }

    const [logged] = (await dataSource.query(
      `select sequence::int as sequence, action, subject_id, family_id, actor_user_id, request_id from access_log order by sequence desc limit 1`,
    )) as unknown[];
    expect(logged).toEqual({
      sequence: 5,
      action: 'export',
      subject_id: 'family-1',
      family_id: 'family-1',
      actor_user_id: 'privacy-officer-1',
      request_id: 'export-1',
    });
    expect(await log.verify()).toEqual({ ok: true, entries: 5, head: await log.head() });
  });

  it('is provided by AccessLogModule from the app’s DataSource, with its tables created at start-up, and as the ACCESS_LOG port', async () => {
    const db = await createTestDatabase('access_log_nest');
    const dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
    await dataSource.initialize();
    fixtures.push({ db, dataSource, log: new AccessLog(dataSource) });

    @Global()
    @Module({ providers: [{ provide: DataSource, useValue: dataSource }], exports: [DataSource] })
    class DatabaseModule {}
    // Stands for a handler in another context: it knows the token and the port type only, and its
    // module imports nothing of the access context.
    @Injectable()
    class OtherContextReader {
      constructor(@Inject(ACCESS_LOG) readonly accessLog: AccessLogPort) {}
    }
    @Module({ providers: [OtherContextReader] })
    class OtherContextModule {}
    const organisationDirectory = createOrganisationDirectory([
      { organisationId: 'operator', name: 'Beheer', kind: 'operator', municipalities: [] },
    ]);
    @Module({ imports: [DatabaseModule, AccessLogModule.register({ organisationDirectory }), OtherContextModule] })
    class AppModule {}

    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      const recorded = await app.get(AccessLog).record(entry());
      expect(recorded.sequence).toBe(1);
      await app
        .get(OtherContextReader)
        .accessLog.recordAll([{ ...entry({ requestId: 'through-port-1' }) }, { ...entry({ requestId: 'through-port-2' }) }]);
      expect(await app.get(AccessLog).verify()).toEqual({ ok: true, entries: 3, head: await app.get(AccessLog).head() });
    } finally {
      await app.close();
    }
  });
});
