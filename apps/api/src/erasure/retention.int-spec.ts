import { randomBytes, randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { FamilyErasureService, FamilyKeyStore } from '@ketenregie/access-server';
import { CasesFamilyDataEraser, appendDecidedCaseHistory } from '@ketenregie/cases-server';
import type { CaseHistoryStep } from '@ketenregie/cases-server';
import type { Checkpoint } from '@ketenregie/event-store';
import type { CalendarDate } from '@ketenregie/kernel';
import { addDays, toAmsterdamDate } from '@ketenregie/kernel';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { ApiConfig } from '../config/config';
import { loadConfig } from '../config/config';
import type { Infrastructure } from '../infrastructure/infrastructure';
import { createInfrastructure } from '../infrastructure/infrastructure';
import { InfrastructureModule } from '../infrastructure/infrastructure.module';
import { createLogger } from '../logging/logger';
import { projections } from '../projections/registry';
import { ErasureModule } from './erasure.module';
import { RetentionJob } from './retention.job';

// Test data only: invented professionals and families, each with a marker in every personal value.
const anna = {
  person: { personId: 'vt-anna', name: 'Anna de Vries' },
  organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const },
};
const actor = { userId: 'vt-anna', organisationId: 'vt-zhz' };
const today = toAmsterdamDate(new Date());
const noon = (date: CalendarDate): Date => new Date(`${date}T12:00:00Z`);

type Family = { caseId: string; familyId: string; tag: string };

const newFamily = (): Family => ({
  caseId: `case-${randomUUID().slice(0, 8)}`,
  familyId: `family-${randomUUID().slice(0, 8)}`,
  tag: `Rtn${randomBytes(5).toString('hex')}`,
});

/** As the demo region writes them: a report, the assessment, and (when given) the closure. */
const demoLikeCase = (family: Family, reportedOn: CalendarDate, closedOn?: CalendarDate): CaseHistoryStep[] => [
  {
    at: noon(reportedOn),
    actor,
    type: 'cases.register-report',
    data: {
      familyId: family.familyId,
      reportId: 'r1',
      referrer: {
        kind: 'professional',
        name: `Melder ${family.tag}`,
        organisation: 'Politie',
        role: 'wijkagent',
        contact: { phone: '0900-8844' },
      },
      sourceCategory: 'police',
      formsOfViolence: ['partner-violence'],
      concern: `Ruzie bij ${family.tag}.`,
      household: {
        address: { street: `Dijk${family.tag}`, houseNumber: '1', postcode: '4201AB', municipality: 'Gorinchem' },
        members: [
          { memberId: 'm1', role: 'adult', name: { givenNames: 'Ina', familyName: `Vos${family.tag}` }, dateOfBirth: '1979-09-09' },
          { memberId: 'm2', role: 'child', name: { givenNames: 'Bo', familyName: `Vos${family.tag}` }, dateOfBirth: '2014-04-04' },
        ],
      },
      receivedBy: anna,
    },
  },
  { at: noon(addDays(reportedOn, 1)), actor, type: 'cases.start-safety-assessment', data: { assessmentId: 'r1' } },
  {
    at: noon(addDays(reportedOn, 2)),
    actor,
    type: 'cases.complete-safety-assessment',
    data: { assessmentId: 'r1', acuteUnsafety: false, structuralUnsafety: false },
  },
  ...(closedOn
    ? [
        {
          at: noon(closedOn),
          actor,
          type: 'cases.close-case' as const,
          data: { outcome: 'no-unsafety-found', notes: `Rustig bij ${family.tag}.` },
        },
      ]
    : []),
];

describe('retention: erasure when the retention after closure ran out', () => {
  let database: TestDatabase;
  let config: ApiConfig;
  let infrastructure: Infrastructure;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('erasure_retention');
    // Half a year instead of twenty: a case closed 300 days ago is past it, one closed 10 days ago is not.
    config = loadConfig({ DATABASE_URL: database.url, MASTER_KEY: process.env.MASTER_KEY, RETENTION_YEARS: '0.5' });
    infrastructure = await createInfrastructure(config, createLogger('silent'), { projections });
    await infrastructure.projectionRunner.start();
    dataSource = new DataSource({ type: 'postgres', url: database.url, logging: false });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await infrastructure?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  const caughtUp = async (checkpoint: string): Promise<void> => {
    for (const projection of projections) {
      await infrastructure.projectionRunner.waitFor(projection.name, checkpoint as Checkpoint, 30_000);
    }
  };

  /** A case of the family reported `reportedDaysAgo` and, when given, closed `closedDaysAgo`. */
  const appendCase = (family: Family, reportedDaysAgo: number, closedDaysAgo?: number) =>
    appendDecidedCaseHistory(
      infrastructure.eventStore,
      family.caseId,
      demoLikeCase(family, addDays(today, -reportedDaysAgo), closedDaysAgo === undefined ? undefined : addDays(today, -closedDaysAgo)),
    );

  const summary = async (caseId: string) =>
    (
      (await dataSource.query('select family_label, municipality, status, s::text as record from case_summaries s where case_id = $1', [
        caseId,
      ])) as { family_label: string; municipality: string; status: string; record: string }[]
    )[0];

  const tombstone = async (familyId: string) =>
    ((await dataSource.query('select reason from family_key_tombstones where family_id = $1', [familyId])) as { reason: string }[])[0];

  it('erases, once, only the families whose every case closed longer ago than the retention', async () => {
    const expired = newFamily();
    const recent = newFamily();
    const open = newFamily();
    await appendCase(expired, 400, 300);
    await appendCase(recent, 40, 10);
    await appendCase(open, 500);
    // Two cases of one family: the family is past retention only when the later one is too.
    const twiceExpired = newFamily();
    const twiceExpiredLater = { ...twiceExpired, caseId: `case-${randomUUID().slice(0, 8)}` };
    await appendCase(twiceExpired, 700, 650);
    await appendCase(twiceExpiredLater, 400, 200);
    const returned = newFamily();
    const returnedLater = { ...returned, caseId: `case-${randomUUID().slice(0, 8)}` };
    await appendCase(returned, 700, 650);
    const last = await appendCase(returnedLater, 60, 20);
    await caughtUp(last.checkpoint);
    expect((await summary(expired.caseId)).record).toContain(expired.tag);

    // Two API processes whose timers fire together: each runs its own job.
    const other = new DataSource({ type: 'postgres', url: database.url, logging: false });
    await other.initialize();
    try {
      const otherService = new FamilyErasureService(other, new FamilyKeyStore(other, config.masterKey!), [
        new CasesFamilyDataEraser(other),
      ]);
      const job = new RetentionJob(infrastructure.erasure, config, createLogger('silent'));
      const runs = await Promise.all([job.runOnce(), otherService.runRetention({ today, retentionYears: config.retentionYears })]);
      const erased = runs.flatMap((run) => (run?.kind === 'done' ? run.erased : []));
      expect(erased.sort()).toEqual([expired.familyId, twiceExpired.familyId].sort());
      expect(runs.every((run) => run !== undefined)).toBe(true);
    } finally {
      await other.destroy();
    }

    expect(await tombstone(expired.familyId)).toEqual({ reason: 'retention-expired' });
    expect(await tombstone(recent.familyId)).toBeUndefined();
    expect(await tombstone(open.familyId)).toBeUndefined();
    expect(await tombstone(twiceExpired.familyId)).toEqual({ reason: 'retention-expired' });
    expect(await tombstone(returned.familyId)).toBeUndefined();
    expect((await summary(returned.caseId)).record).toContain(returned.tag);
    // Erased rows leave retention's index: the next runs do not read them again.
    const flags = (await dataSource.query('select case_id, family_erased from case_summaries where case_id = any($1) order by case_id', [
      [expired.caseId, twiceExpired.caseId, twiceExpiredLater.caseId, returned.caseId, recent.caseId],
    ])) as { case_id: string; family_erased: boolean }[];
    expect(Object.fromEntries(flags.map((row) => [row.case_id, row.family_erased]))).toEqual({
      [expired.caseId]: true,
      [twiceExpired.caseId]: true,
      [twiceExpiredLater.caseId]: true,
      [returned.caseId]: false,
      [recent.caseId]: false,
    });
    const erasedSummary = await summary(expired.caseId);
    expect(erasedSummary).toMatchObject({ family_label: '[gewist]', municipality: 'Gorinchem', status: 'closed' });
    expect(erasedSummary.record).not.toContain(expired.tag);
    expect((await summary(recent.caseId)).record).toContain(recent.tag);
    const [{ rows }] = (await dataSource.query('select count(*)::int as rows from family_index where family_id = $1', [
      expired.familyId,
    ])) as {
      rows: number;
    }[];
    expect(rows).toBe(0);

    // The events of the erased family now read with markers, on every path, for every process.
    const events = await infrastructure.eventStore.readStream(`case-${expired.caseId}`);
    expect(JSON.stringify(events)).not.toContain(expired.tag);
    expect(events[1].data).toMatchObject({ concern: { $erased: true }, sourceCategory: 'police', formsOfViolence: ['partner-violence'] });

    // A second run finds nothing more to do.
    const again = await new RetentionJob(infrastructure.erasure, config, createLogger('silent')).runOnce();
    expect(again).toMatchObject({ kind: 'done', erased: [], resumed: 0, failed: 0 });
  });

  it('runs by itself in the app, on its own timer', async () => {
    const family = newFamily();
    const { checkpoint } = await appendCase(family, 400, 250);
    await caughtUp(checkpoint);
    const appConfig: ApiConfig = { ...config, retentionScanIntervalMs: 100 };
    @Module({ imports: [InfrastructureModule.forRoot(infrastructure, appConfig, createLogger('silent')), ErasureModule] })
    class RetentionTestModule {}
    // The projection runner already runs; the context's bootstrap starts only what it adds.
    const started = jest.spyOn(infrastructure.projectionRunner, 'start').mockResolvedValue(undefined);
    const closed = jest.spyOn(infrastructure, 'close').mockResolvedValue(undefined);
    const app = await NestFactory.createApplicationContext(RetentionTestModule, { logger: false });
    try {
      await app.init();
      const deadline = Date.now() + 30_000;
      while (!(await tombstone(family.familyId)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await tombstone(family.familyId)).toEqual({ reason: 'retention-expired' });
    } finally {
      await app.close();
      started.mockRestore();
      closed.mockRestore();
    }
  });

  it('finishes an erasure that was interrupted after the key was deleted', async () => {
    const family = newFamily();
    const { checkpoint } = await appendCase(family, 3);
    await caughtUp(checkpoint);
    // As if the process died right after deleting the key: the intent is recorded, the read models untouched.
    await dataSource.query(
      `insert into family_erasures (family_id, reason, requested_at) values ($1, 'request', now() - interval '5 minutes')`,
      [family.familyId],
    );
    await infrastructure.familyKeys.erase(family.familyId, 'request');
    expect((await summary(family.caseId)).record).toContain(family.tag);
    expect((await infrastructure.erasure.status(family.familyId)).state).toBe('erasing');

    const run = await new RetentionJob(infrastructure.erasure, config, createLogger('silent')).runOnce();
    expect(run).toMatchObject({ kind: 'done', resumed: 1, failed: 0 });
    expect((await summary(family.caseId)).record).not.toContain(family.tag);
    expect(await infrastructure.erasure.status(family.familyId)).toMatchObject({ state: 'erased', reason: 'request' });
  });
});
