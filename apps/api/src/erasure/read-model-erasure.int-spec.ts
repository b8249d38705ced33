import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EncryptingEventStore, FamilyErasureService, FamilyKeyStore } from '@ketenregie/access-server';
import {
  CASE_REGISTER_PROJECTION,
  CasesFamilyDataEraser,
  appendDecidedCaseHistory,
  caseRegisterProjection,
  casesPersonalDataRegistry,
  casesProjections,
} from '@ketenregie/cases-server';
import type { CaseHistoryStep } from '@ketenregie/cases-server';
import { createPostgresEventStore, createProjectionRunner, physicalTableName, rebuildProjection } from '@ketenregie/event-store';
import type { Checkpoint, PostgresEventStore, ProjectionRunner } from '@ketenregie/event-store';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';

// Test data only: invented professionals and families; every personal value carries the family's tag.
const anna = {
  person: { personId: 'vt-anna', name: 'Anna de Vries' },
  organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const },
};
const carla = {
  person: { personId: 'lt-carla', name: 'Carla Bakker' },
  organisation: { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' as const },
};
const actor = { userId: 'vt-anna', organisationId: 'vt-zhz' };
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

type Family = { caseId: string; familyId: string; tag: string };

const newFamily = (): Family => ({
  caseId: `case-${randomUUID().slice(0, 8)}`,
  familyId: `family-${randomUUID().slice(0, 8)}`,
  tag: `Rme${randomBytes(5).toString('hex')}`,
});

const assessedCase = (family: Family): CaseHistoryStep[] => [
  {
    at: new Date(Date.now() - 3 * 86_400_000),
    actor,
    type: 'cases.register-report',
    data: {
      familyId: family.familyId,
      reportId: 'r1',
      referrer: { kind: 'citizen', name: `Buur ${family.tag}`, contact: {} },
      sourceCategory: 'citizen',
      formsOfViolence: ['child-abuse'],
      concern: `Zorg om ${family.tag}.`,
      household: {
        address: { street: `Dijk${family.tag}`, houseNumber: '5', postcode: '4201AB', municipality: 'Gorinchem' },
        members: [{ memberId: 'm1', role: 'child', name: { givenNames: 'Bo', familyName: `Vos${family.tag}` }, dateOfBirth: '2014-04-04' }],
      },
      receivedBy: anna,
    },
  },
  { at: new Date(Date.now() - 2 * 86_400_000), actor, type: 'cases.start-safety-assessment', data: { assessmentId: 'r1' } },
];

/**
 * One process that has a family's key cached (no erasure announcements reach it) and runs the
 * projections, and an operator who erases the family from elsewhere.
 */
describe('read models of an erased family stay erased, whatever a projection still decrypts', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let inner: PostgresEventStore;
  let stale: EncryptingEventStore;
  let runner: ProjectionRunner;
  let operator: FamilyErasureService;

  beforeAll(async () => {
    database = await createTestDatabase('erasure_read_models');
    dataSource = new DataSource({ type: 'postgres', url: database.url, logging: false, poolSize: 6 });
    await dataSource.initialize();
    const masterKey = randomBytes(32);
    inner = await createPostgresEventStore({ connectionString: database.url, idlePollMs: 50 });
    const staleKeys = new FamilyKeyStore(dataSource, masterKey, { cacheTtlMs: 3_600_000 });
    operator = new FamilyErasureService(dataSource, new FamilyKeyStore(dataSource, masterKey), [new CasesFamilyDataEraser(dataSource)]);
    await operator.ensureSchema();
    stale = new EncryptingEventStore(inner, staleKeys, casesPersonalDataRegistry);
    runner = createProjectionRunner({ store: stale, dataSource, projections: casesProjections, logger: silent });
    await runner.start();
  });

  afterAll(async () => {
    await runner?.stop();
    await inner?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  const projected = async (checkpoint: string): Promise<void> => {
    for (const projection of casesProjections) await runner.waitFor(projection.name, checkpoint as Checkpoint, 30_000);
  };

  const readModelText = async (caseId: string, familyId: string): Promise<string> => {
    const rows = (await dataSource.query(
      `select (select coalesce(string_agg(s::text, ''), '') from case_summaries s where case_id = $1)
           || (select coalesce(string_agg(f::text, ''), '') from family_index f where family_id = $2)
           || (select coalesce(string_agg(t::text, ''), '') from case_timeline t where case_id = $1) as text`,
      [caseId, familyId],
    )) as { text: string }[];
    return rows[0].text;
  };

  it('a batch decrypted with a key the process still had cached stores placeholders, not the data', async () => {
    const family = newFamily();
    await projected((await appendDecidedCaseHistory(stale, family.caseId, assessedCase(family))).checkpoint);
    expect(await readModelText(family.caseId, family.familyId)).toContain(family.tag);

    await operator.erase(family.familyId, 'request');
    expect(await readModelText(family.caseId, family.familyId)).not.toContain(family.tag);

    // Written and projected by the process whose cache still holds the key: it can still open it.
    const late = await stale.appendToStream(`case-${family.caseId}`, [
      {
        type: 'cases.handover-offered',
        data: {
          handoverId: 'h1',
          kind: 'de-escalation',
          from: anna,
          to: carla,
          reason: `Laat ${family.tag}`,
          phase: 'stable-safety',
          offeredAt: new Date().toISOString(),
        },
      },
    ]);
    expect(JSON.stringify(await stale.readStream(`case-${family.caseId}`))).toContain(`Laat ${family.tag}`);
    await projected(late.checkpoint);
    const text = await readModelText(family.caseId, family.familyId);
    expect(text).not.toContain(family.tag);
    expect(text).toContain('handover_offered');
    expect(text).toContain('[gewist]');
    expect(await dataSource.query('select family_erased from case_summaries where case_id = $1', [family.caseId])).toEqual([
      { family_erased: true },
    ]);
  });

  it('a rebuild by that process stores placeholders too, and no search rows', async () => {
    const family = newFamily();
    await projected((await appendDecidedCaseHistory(stale, family.caseId, assessedCase(family))).checkpoint);
    await operator.erase(family.familyId, 'retention-expired');
    await rebuildProjection({ store: stale, dataSource, projection: caseRegisterProjection, logger: silent });
    expect(await readModelText(family.caseId, family.familyId)).not.toContain(family.tag);
    // Out of retention's index, as the erasure left it.
    expect(await dataSource.query('select family_erased from case_summaries where case_id = $1', [family.caseId])).toEqual([
      { family_erased: true },
    ]);
    const [{ rows }] = (await dataSource.query('select count(*)::int as rows from family_index where family_id = $1', [
      family.familyId,
    ])) as {
      rows: number;
    }[];
    expect(rows).toBe(0);
  });

  it('waits for a batch that is writing the family at that moment, then clears it without undoing the batch', async () => {
    const family = newFamily();
    await projected((await appendDecidedCaseHistory(stale, family.caseId, assessedCase(family))).checkpoint);
    const [{ generation }] = (await dataSource.query('select generation from projection_state where name = $1', [
      CASE_REGISTER_PROJECTION,
    ])) as {
      generation: number;
    }[];
    const summaries = physicalTableName('case_summaries', generation);

    // A batch in flight, as the runner applies one: the state row locked, the family's row written.
    const batch = dataSource.createQueryRunner();
    await batch.connect();
    await batch.startTransaction();
    let erased = false;
    try {
      await batch.query('select checkpoint from projection_state where name = $1 for update', [CASE_REGISTER_PROJECTION]);
      // The batch also moves the case on: the erasure must not put back the row it would have read before.
      await batch.query(`update "${summaries}" set family_label = $2, version = 99 where case_id = $1`, [
        family.caseId,
        `Vos${family.tag}, 4201`,
      ]);
      const erasure = operator.erase(family.familyId, 'request').then(() => (erased = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(erased).toBe(false);
      await batch.commitTransaction();
      await erasure;
    } finally {
      await batch.release();
    }
    expect(await readModelText(family.caseId, family.familyId)).not.toContain(family.tag);
    const [row] = (await dataSource.query(`select version from case_summaries where case_id = $1`, [family.caseId])) as {
      version: number;
    }[];
    expect(row).toEqual({ version: 99 });
  });
});
