import { Global, Module } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { createOrganisationDirectory } from '@ketenregie/access-domain';
import type { Principal } from '@ketenregie/access-domain';
import {
  accessLogPageSchema,
  apiBasePath,
  accessLogVerificationSchema,
  emergencyGrantPageSchema,
  emergencyGrantSchema,
  familyAccessLogExportSchema,
  problemSchema,
} from '@ketenregie/contracts';
import { attachPrincipal } from '@ketenregie/access-contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { EmergencyGrantStore } from '../authorization/emergency-grant-store';
import { AccessLog } from './access-log';
import type { AccessLogEntryInput } from './access-log-entry';
import { AccessLogModule } from './access-log.module';

// The controllers over real HTTP and a real PostgreSQL, mounted in a minimal Nest app: the app
// module belongs to the API, so sign-in is stood in for by a middleware that attaches the
// principal exactly where the session middleware does (`attachPrincipal`).

const principalHeader = 'x-test-principal';

const principal = (userId: string, organisationId: string, ...roles: Principal['roles']): Principal => ({
  userId,
  displayName: userId,
  organisationId,
  roles,
  authenticatedBy: 'local',
});

const officer = principal('pim', 'operator', 'privacy-officer');
const secondOfficer = principal('pam', 'vt-zhz', 'privacy-officer');
// A Veilig Thuis professional who is also the region's privacy officer: may review, not herself.
const officerWithGrant = principal('olga', 'vt-zhz', 'veilig-thuis-professional', 'privacy-officer');
const professional = principal('anna', 'vt-zhz', 'veilig-thuis-professional');
const administrator = principal('adam', 'operator', 'administrator');
const officerElsewhere = principal('piet', 'unknown-organisation', 'privacy-officer');

const organisationDirectory = createOrganisationDirectory([
  { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis', municipalities: ['Gorinchem'] },
  { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team', municipalities: ['Gorinchem'] },
  { organisationId: 'operator', name: 'Beheer Ketenregie', kind: 'operator', municipalities: [] },
]);

let db: TestDatabase;
let dataSource: DataSource;
let app: INestApplication;
let url: string;
let log: AccessLog;
let grants: EmergencyGrantStore;

type Answer = { status: number; body: unknown; headers: Headers };

const call = async (path: string, as: Principal | undefined, init: { method?: string; body?: unknown } = {}): Promise<Answer> => {
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(as ? { [principalHeader]: JSON.stringify(as) } : {}),
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: response.headers };
};

const entry = (overrides: Partial<AccessLogEntryInput> = {}): AccessLogEntryInput => ({
  subjectType: 'case',
  subjectId: 'case-1',
  familyId: 'family-1',
  actor: { userId: 'anna', organisationId: 'vt-zhz', role: 'veilig-thuis-professional' },
  action: 'read',
  legalBasis: 'wmo-2015-4.1.1',
  requestId: 'seed',
  route: 'GET /api/v1/cases/:caseId',
  ...overrides,
});

type Row = {
  sequence: number;
  action: string;
  subject_type: string;
  subject_id: string;
  family_id: string | null;
  actor_user_id: string;
  legal_basis: string;
  route: string;
};

const entriesAfter = async (sequence: number): Promise<Row[]> =>
  (await dataSource.query(
    `select sequence::int as sequence, action, subject_type, subject_id, family_id, actor_user_id, legal_basis, route
       from access_log where sequence > $1 order by sequence`,
    [sequence],
  )) as Row[];

const head = async (): Promise<number> => (await log.head()).sequence;

beforeAll(async () => {
  db = await createTestDatabase('privacy_officer_api');
  dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false, poolSize: 6 });
  await dataSource.initialize();

  @Global()
  @Module({ providers: [{ provide: DataSource, useValue: dataSource }], exports: [DataSource] })
  class DatabaseModule {}
  @Module({ imports: [DatabaseModule, AccessLogModule.register({ organisationDirectory })] })
  class TestAppModule {}

  app = await NestFactory.create(TestAppModule, { logger: false });
  app.use((request: Request, _response: Response, next: NextFunction) => {
    const header = request.headers[principalHeader];
    if (typeof header === 'string') attachPrincipal(request, JSON.parse(header) as Principal);
    next();
  });
  app.setGlobalPrefix(apiBasePath.slice(1));
  await app.listen(0, '127.0.0.1');
  url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  log = app.get(AccessLog);
  grants = app.get(EmergencyGrantStore);

  // Three families; one emergency access; one entry on behalf of someone; one case without family.
  await log.record(entry({ subjectId: 'case-1', familyId: 'family-1', requestId: 'seed-1' }));
  await log.record(
    entry({
      subjectId: 'case-2',
      familyId: 'family-2',
      requestId: 'seed-2',
      actor: { userId: 'carla', organisationId: 'ts-gorinchem', role: 'team-sociaal-consultant' },
      legalBasis: 'wmo-2015',
    }),
  );
  await log.record(
    entry({
      subjectId: 'case-1',
      familyId: 'family-1',
      requestId: 'seed-3',
      action: 'update',
      emergency: { reason: 'Crisisdienst: acute melding buiten kantooruren' },
    }),
  );
  await log.record(
    entry({
      subjectType: 'family',
      subjectId: 'family-3',
      familyId: undefined,
      requestId: 'seed-4',
      action: 'search',
      route: 'GET /api/v1/families/search',
    }),
  );
  await log.record(entry({ subjectId: 'case-9', familyId: undefined, requestId: 'seed-5' }));
  await log.record(
    entry({
      subjectId: 'case-2',
      familyId: 'family-2',
      requestId: 'seed-6',
      onBehalfOf: { userId: 'carla', organisationId: 'ts-gorinchem', role: 'team-sociaal-consultant' },
    }),
  );
});

afterAll(async () => {
  await app?.close();
  if (dataSource?.isInitialized) await dataSource.destroy();
  await db?.drop();
});

// Every row has a body slot: jest.each hands a test function with more parameters than the row a `done` callback.
const endpoints: [string, string, unknown][] = [
  ['GET', '/api/v1/access-log', undefined],
  ['GET', '/api/v1/access-log?familyId=family-1', undefined],
  ['GET', '/api/v1/access-log/export/family-1', undefined],
  ['GET', '/api/v1/access-log/export/no-such-family', undefined],
  ['GET', '/api/v1/access-log/verify', undefined],
  ['GET', '/api/v1/emergency-grants?reviewed=false', undefined],
  ['POST', '/api/v1/emergency-grants/no-such-grant/review', { outcome: 'justified' }],
];

describe('privacy officer API: who may', () => {
  it.each(endpoints)(
    '%s %s: 401 without a session, 403 for everyone but a privacy officer, and nothing logged',
    async (method, path, body) => {
      const before = await head();
      const anonymous = await call(path, undefined, { method, body });
      expect(anonymous.status).toBe(401);
      for (const someone of [professional, administrator, officerElsewhere]) {
        const refused = await call(path, someone, { method, body });
        expect(refused.status).toBe(403);
        expect(problemSchema.parse(refused.body)).toMatchObject({ status: 403, type: 'urn:ketenregie:problem:access.capability-required' });
        expect((refused.body as { detail: string }).detail).toMatch(/^Alleen een privacyfunctionaris/);
      }
      expect(await head()).toBe(before);
    },
  );
});

describe('GET /api/v1/access-log', () => {
  it('answers entries newest first, a page at a time, and logs the read of each family shown', async () => {
    const before = await head();
    const first = await call('/api/v1/access-log?pageSize=4', officer, {});
    expect(first.status).toBe(200);
    const page = accessLogPageSchema.parse(first.body);
    expect(page.items.map((item) => item.requestId)).toEqual(['seed-6', 'seed-5', 'seed-4', 'seed-3']);
    expect(page).toMatchObject({ page: 1, pageSize: 4, hasMore: true });
    expect(page.items[0]).toMatchObject({
      subjectType: 'case',
      subjectId: 'case-2',
      familyId: 'family-2',
      actor: { userId: 'anna', organisationId: 'vt-zhz', role: 'veilig-thuis-professional' },
      onBehalfOf: { userId: 'carla', organisationId: 'ts-gorinchem', role: 'team-sociaal-consultant' },
      route: 'GET /api/v1/cases/:caseId',
    });
    expect(first.headers.get('cache-control')).toBe('no-store');

    const reads = await entriesAfter(before);
    expect(reads.map((row) => [row.action, row.subject_type, row.subject_id, row.family_id])).toEqual([
      ['read', 'family', 'family-2', 'family-2'],
      ['read', 'family', 'family-3', 'family-3'],
      ['read', 'family', 'family-1', 'family-1'],
      ['read', 'case', 'case-9', null],
    ]);
    expect(new Set(reads.map((row) => `${row.actor_user_id} ${row.legal_basis} ${row.route}`))).toEqual(
      new Set(['pim avg-art-32 GET /api/v1/access-log']),
    );

    // The reads just logged are now the newest lines; page 3 of 4 lines goes back to the seed.
    const third = accessLogPageSchema.parse((await call('/api/v1/access-log?pageSize=4&page=3', officer)).body);
    expect(third.items.map((item) => item.requestId)).toEqual(['seed-2', 'seed-1']);
    expect(third.hasMore).toBe(false);
  });

  it('filters by family, case, user, emergency and time', async () => {
    const requestIds = async (query: string): Promise<string[]> => {
      const answer = await call(`/api/v1/access-log?${query}`, officer);
      expect(answer.status).toBe(200);
      return accessLogPageSchema
        .parse(answer.body)
        .items.filter((item) => item.requestId.startsWith('seed'))
        .map((item) => item.requestId);
    };
    expect(await requestIds('familyId=family-1')).toEqual(['seed-3', 'seed-1']);
    expect(await requestIds('caseId=case-2')).toEqual(['seed-6', 'seed-2']);
    expect(await requestIds('userId=carla')).toEqual(['seed-2']);
    expect(await requestIds('emergency=true')).toEqual(['seed-3']);
    expect(await requestIds('emergency=false&familyId=family-1')).toEqual(['seed-1']);
    expect(await requestIds('familyId=family-1&caseId=case-2')).toEqual([]);

    const [{ third, fourth }] = (await dataSource.query(
      `select (select recorded_at from access_log where request_id = 'seed-3') as third, (select recorded_at from access_log where request_id = 'seed-4') as fourth`,
    )) as { third: Date; fourth: Date }[];
    const since = encodeURIComponent(third.toISOString());
    expect(await requestIds(`from=${since}`)).toEqual(['seed-6', 'seed-5', 'seed-4', 'seed-3']);
    expect(await requestIds(`to=${encodeURIComponent(fourth.toISOString())}`)).toEqual(['seed-4', 'seed-3', 'seed-2', 'seed-1']);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
    expect(await requestIds(`from=${today}&to=${today}`)).toHaveLength(6);
    expect(await requestIds('to=2020-01-01')).toEqual([]);
  });

  it('logs the family searched for even when nothing is found, and no family for an empty search by user', async () => {
    const before = await head();
    expect(accessLogPageSchema.parse((await call('/api/v1/access-log?familyId=family-unknown', officer)).body).items).toEqual([]);
    expect(accessLogPageSchema.parse((await call('/api/v1/access-log?userId=nobody', officer)).body).items).toEqual([]);
    expect((await entriesAfter(before)).map((row) => [row.action, row.subject_id])).toEqual([['read', 'family-unknown']]);
  });

  it('refuses unknown and malformed parameters with 400 naming each one, and logs nothing', async () => {
    const before = await head();
    const answer = await call('/api/v1/access-log?name=Jansen&pageSize=500&emergency=yes&from=2026-02-30', officer);
    expect(answer.status).toBe(400);
    const problem = problemSchema.parse(answer.body);
    expect(problem.errors?.map((error) => error.path).sort()).toEqual(['query.emergency', 'query.from', 'query.name', 'query.pageSize']);
    expect(problem.errors?.find((error) => error.path === 'query.name')?.message).toBe('Dit veld is onbekend.');
    expect(await head()).toBe(before);
  });

  it('serves nothing when the read cannot be logged: 503', async () => {
    await dataSource.query(`create function refuse_review_reads() returns trigger language plpgsql as $$
      begin
        if new.route = 'GET /api/v1/access-log' then raise exception 'disk full'; end if;
        return new;
      end $$`);
    await dataSource.query(
      'create trigger refuse_review_reads before insert on access_log for each row execute function refuse_review_reads()',
    );
    try {
      const answer = await call('/api/v1/access-log?familyId=family-1', officer);
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ status: 503, type: 'urn:ketenregie:problem:access-log.write-failed' });
      expect(JSON.stringify(answer.body)).not.toContain('seed-');
    } finally {
      await dataSource.query('drop trigger refuse_review_reads on access_log');
    }
  });
});

describe('GET /api/v1/access-log/export/:familyId', () => {
  it('answers what the family may see, without the professionals, and logs the export', async () => {
    const answer = await call('/api/v1/access-log/export/family-2', officer);
    expect(answer.status).toBe(200);
    const exported = familyAccessLogExportSchema.parse(answer.body);
    const seeded = exported.entries.filter((line) => line.action !== 'read' || line.role !== 'privacy-officer');
    expect(seeded.map((line) => [line.subjectId, line.action, line.organisationId, line.legalBasis])).toEqual([
      ['case-2', 'read', 'ts-gorinchem', 'wmo-2015'],
      ['case-2', 'read', 'vt-zhz', 'wmo-2015-4.1.1'],
      ['family-2', 'export', 'operator', 'avg-art-15'],
    ]);
    // The privacy officer's earlier look at the log is part of what the family may see.
    expect(
      exported.entries.some((line) => line.action === 'read' && line.role === 'privacy-officer' && line.legalBasis === 'avg-art-32'),
    ).toBe(true);
    expect(JSON.stringify(exported)).not.toMatch(/"anna"|"carla"|"pim"|seed-/);
    const [last] = await entriesAfter((await head()) - 1);
    expect(last).toMatchObject({
      action: 'export',
      subject_id: 'family-2',
      actor_user_id: 'pim',
      route: 'GET /api/v1/access-log/export/:familyId',
    });
  });
});

describe('GET /api/v1/access-log/verify', () => {
  it('reports an intact chain, and the first broken link after tampering', async () => {
    const intact = accessLogVerificationSchema.parse((await call('/api/v1/access-log/verify', officer)).body);
    expect(intact).toEqual({ ok: true, entries: await head(), head: await log.head() });

    const tamperDb = await createTestDatabase('privacy_officer_verify');
    const tamperSource = new DataSource({ type: 'postgres', url: tamperDb.url, logging: false, poolSize: 2 });
    await tamperSource.initialize();
    @Global()
    @Module({ providers: [{ provide: DataSource, useValue: tamperSource }], exports: [DataSource] })
    class TamperDatabaseModule {}
    @Module({ imports: [TamperDatabaseModule, AccessLogModule.register({ organisationDirectory })] })
    class TamperAppModule {}
    const tamperApp = await NestFactory.create(TamperAppModule, { logger: false });
    tamperApp.use((request: Request, _response: Response, next: NextFunction) => {
      attachPrincipal(request, officer);
      next();
    });
    tamperApp.setGlobalPrefix(apiBasePath.slice(1));
    await tamperApp.listen(0, '127.0.0.1');
    try {
      const tamperLog = tamperApp.get(AccessLog);
      for (let i = 1; i <= 5; i++) await tamperLog.record(entry({ requestId: `t-${i}` }));
      await tamperSource.transaction(async (manager) => {
        await manager.query('alter table access_log disable trigger access_log_append_only');
        await manager.query(`update access_log set actor_user_id = 'someone-else' where sequence = 3`);
        await manager.query('alter table access_log enable always trigger access_log_append_only');
      });
      const response = await fetch(`${(await tamperApp.getUrl()).replace('[::1]', '127.0.0.1')}/api/v1/access-log/verify`);
      expect(accessLogVerificationSchema.parse(await response.json())).toEqual({
        ok: false,
        firstBrokenSequence: 3,
        reason: 'hash-mismatch',
        entriesChecked: 2,
      });
    } finally {
      await tamperApp.close();
      await tamperSource.destroy();
      await tamperDb.drop();
    }
  });
});

describe('break-the-glass review', () => {
  const at = (hours: number): Date => new Date(Date.UTC(2026, 2, 10, hours));
  const newGrant = (userId: string, caseId: string, hour: number) => ({
    userId,
    organisationId: 'vt-zhz',
    caseId,
    reason: 'Crisisdienst: kind opgenomen op de SEH, veiligheid thuis onbekend',
    grantedAt: at(hour),
    expiresAt: at(hour + 8),
  });

  it("lists the queue oldest first, takes a verdict once, and refuses a reviewer's own grant", async () => {
    const later = await grants.grant(newGrant('anna', 'case-1', 9));
    const earlier = await grants.grant(newGrant('bram', 'case-2', 7));
    const own = await grants.grant(newGrant('olga', 'case-3', 8));

    const before = await head();
    const queue = await call('/api/v1/emergency-grants?reviewed=false', officer);
    expect(queue.status).toBe(200);
    const page = emergencyGrantPageSchema.parse(queue.body);
    expect(page.items.map((grant) => grant.grantId)).toEqual([earlier.grantId, own.grantId, later.grantId]);
    expect(page).toMatchObject({ total: 3, page: 1, pageSize: 25 });
    expect(page.items[0]).toMatchObject({ userId: 'bram', caseId: 'case-2', grantedAt: at(7).toISOString(), review: null });
    expect((await entriesAfter(before)).map((row) => [row.action, row.subject_type, row.subject_id, row.legal_basis])).toEqual([
      ['read', 'case', 'case-2', 'avg-art-32'],
      ['read', 'case', 'case-3', 'avg-art-32'],
      ['read', 'case', 'case-1', 'avg-art-32'],
    ]);

    const reviewed = await call(`/api/v1/emergency-grants/${earlier.grantId}/review`, officer, {
      method: 'POST',
      body: { outcome: 'unjustified', note: 'Geen acute situatie; casus had tot de ochtend kunnen wachten.' },
    });
    expect(reviewed.status).toBe(200);
    expect(emergencyGrantSchema.parse(reviewed.body).review).toMatchObject({
      reviewedBy: 'pim',
      outcome: 'unjustified',
      note: 'Geen acute situatie; casus had tot de ochtend kunnen wachten.',
    });

    const again = await call(`/api/v1/emergency-grants/${earlier.grantId}/review`, secondOfficer, {
      method: 'POST',
      body: { outcome: 'justified' },
    });
    expect(again.status).toBe(409);
    expect(problemSchema.parse(again.body)).toMatchObject({ type: 'urn:ketenregie:problem:emergency-grant.already-reviewed' });

    const self = await call(`/api/v1/emergency-grants/${own.grantId}/review`, officerWithGrant, {
      method: 'POST',
      body: { outcome: 'justified' },
    });
    expect(self.status).toBe(403);
    expect(problemSchema.parse(self.body)).toMatchObject({ type: 'urn:ketenregie:problem:emergency-grant.own-grant' });

    const unknown = await call('/api/v1/emergency-grants/no-such-grant/review', officer, {
      method: 'POST',
      body: { outcome: 'justified' },
    });
    expect(unknown.status).toBe(404);
    expect((unknown.body as { detail: string }).detail).toBe('Deze noodtoegang bestaat niet.');

    const byColleague = await call(`/api/v1/emergency-grants/${own.grantId}/review`, secondOfficer, {
      method: 'POST',
      body: { outcome: 'justified' },
    });
    expect(emergencyGrantSchema.parse(byColleague.body).review).toMatchObject({ reviewedBy: 'pam', outcome: 'justified', note: null });

    const history = emergencyGrantPageSchema.parse((await call('/api/v1/emergency-grants?reviewed=true', officer)).body);
    expect(history.items.map((grant) => [grant.grantId, grant.review?.outcome])).toEqual([
      [own.grantId, 'justified'],
      [earlier.grantId, 'unjustified'],
    ]);
    expect(
      emergencyGrantPageSchema
        .parse((await call('/api/v1/emergency-grants?reviewed=false', officer)).body)
        .items.map((grant) => grant.grantId),
    ).toEqual([later.grantId]);
    expect(emergencyGrantPageSchema.parse((await call('/api/v1/emergency-grants', officer)).body).total).toBe(3);
  });

  it('stores the verdict in its own column and the note as written, and still reads a review stored as one note', async () => {
    const fresh = await grants.grant(newGrant('bram', 'case-5', 11));
    const note = 'Terecht. Zo begon de notitie van de medewerker zelf.';
    const reviewed = await call(`/api/v1/emergency-grants/${fresh.grantId}/review`, officer, {
      method: 'POST',
      body: { outcome: 'unjustified', note },
    });
    expect(emergencyGrantSchema.parse(reviewed.body).review).toMatchObject({ outcome: 'unjustified', note });
    expect(
      await dataSource.query('select review_outcome, review_note from emergency_access_grants where grant_id = $1', [fresh.grantId]),
    ).toEqual([{ review_outcome: 'unjustified', review_note: note }]);

    // A review from before the outcome column: the outcome was the note's first word.
    const legacy = await grants.grant(newGrant('bram', 'case-6', 12));
    await dataSource.query(
      `update emergency_access_grants set reviewed_by = 'pam', reviewed_at = now(), review_note = 'Onterecht. Geen spoed.' where grant_id = $1`,
      [legacy.grantId],
    );
    const history = emergencyGrantPageSchema.parse((await call('/api/v1/emergency-grants?reviewed=true', officer)).body);
    expect(history.items.find((grant) => grant.grantId === legacy.grantId)?.review).toMatchObject({
      outcome: 'unjustified',
      note: 'Geen spoed.',
    });
  });

  it('refuses a verdict that is not one, an unexplained "unjustified" and unknown fields, naming each', async () => {
    const grant = await grants.grant(newGrant('anna', 'case-4', 10));
    const path = `/api/v1/emergency-grants/${grant.grantId}/review`;
    const paths = async (body: unknown): Promise<string[]> => {
      const answer = await call(path, officer, { method: 'POST', body });
      expect(answer.status).toBe(400);
      return (problemSchema.parse(answer.body).errors ?? []).map((error) => error.path).sort();
    };
    expect(await paths({ outcome: 'maybe' })).toEqual(['outcome']);
    expect(await paths({ outcome: 'unjustified' })).toEqual(['note']);
    expect(await paths({ outcome: 'justified', note: 'ok', reviewer: 'someone' })).toEqual(['reviewer']);
    expect(await paths({ outcome: 'justified', note: 'x'.repeat(1_001) })).toEqual(['note']);
    const badQuery = await call('/api/v1/emergency-grants?reviewed=maybe&sort=name', officer);
    expect(badQuery.status).toBe(400);
    expect((problemSchema.parse(badQuery.body).errors ?? []).map((error) => error.path).sort()).toEqual(['query.reviewed', 'query.sort']);
    expect((await grants.findGrant(grant.grantId))?.review).toBeNull();
  });
});
