import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { NewEmergencyGrant } from '@ketenregie/access-domain';
import { EMERGENCY_GRANTS } from '@ketenregie/access-contracts';
import type { EmergencyGrants } from '@ketenregie/access-contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { EMERGENCY_GRANTS_TABLE } from './emergency-grant-schema';
import { EmergencyGrantStore } from './emergency-grant-store';
import { EmergencyGrantsModule } from './emergency-grants.module';

let db: TestDatabase;
let dataSource: DataSource;
let store: EmergencyGrantStore;

beforeAll(async () => {
  db = await createTestDatabase('emergency_grants');
  dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false, poolSize: 8 });
  await dataSource.initialize();
  let next = 0;
  store = new EmergencyGrantStore(dataSource, () => `g-${String(++next).padStart(4, '0')}`);
  await store.ensureSchema();
});

afterAll(async () => {
  await dataSource.destroy();
  await db.drop();
});

// Each test starts empty; the table refuses deletes, so the trigger is lifted the way only an owner can.
beforeEach(async () => {
  await dataSource.transaction(async (manager) => {
    await manager.query(`alter table ${EMERGENCY_GRANTS_TABLE} disable trigger emergency_access_grants_review_once`);
    await manager.query(`delete from ${EMERGENCY_GRANTS_TABLE}`);
    await manager.query(`alter table ${EMERGENCY_GRANTS_TABLE} enable always trigger emergency_access_grants_review_once`);
  });
});

const at = (time: string): Date => new Date(`2026-03-10T${time}Z`);

const newGrant = (overrides: Partial<NewEmergencyGrant> = {}): NewEmergencyGrant => ({
  userId: 'vt-ugo',
  organisationId: 'vt-utrecht',
  caseId: 'case-1',
  reason: 'Crisisdienst: kind opgenomen op de SEH, veiligheid thuis onbekend',
  grantedAt: at('08:00:00'),
  expiresAt: at('16:00:00'),
  ...overrides,
});

describe('EmergencyGrantStore (PostgreSQL)', () => {
  it('records a grant and answers it as active only inside its window', async () => {
    const granted = await store.grant(newGrant());

    expect(granted).toEqual({ grantId: expect.any(String), ...newGrant() });
    expect(await store.activeGrant('vt-ugo', 'case-1', at('08:00:00'))).toEqual(granted);
    expect(await store.activeGrant('vt-ugo', 'case-1', at('15:59:59.999'))).toEqual(granted);
    expect(await store.activeGrant('vt-ugo', 'case-1', at('16:00:00'))).toBeUndefined();
    expect(await store.activeGrant('vt-ugo', 'case-1', at('07:59:59.999'))).toBeUndefined();
  });

  it('answers only the grant of this user for this case', async () => {
    await store.grant(newGrant());
    expect(await store.activeGrant('vt-other', 'case-1', at('12:00:00'))).toBeUndefined();
    expect(await store.activeGrant('vt-ugo', 'case-2', at('12:00:00'))).toBeUndefined();
  });

  it('answers the latest-expiring grant when several run', async () => {
    await store.grant(newGrant({ grantedAt: at('08:00:00'), expiresAt: at('16:00:00') }));
    const later = await store.grant(newGrant({ grantedAt: at('10:00:00'), expiresAt: at('18:00:00') }));
    expect((await store.activeGrant('vt-ugo', 'case-1', at('12:00:00')))?.grantId).toBe(later.grantId);
  });

  it("lists a user's running grants, one per case", async () => {
    await store.grant(newGrant({ caseId: 'case-1', expiresAt: at('12:00:00') }));
    await store.grant(newGrant({ caseId: 'case-1', expiresAt: at('16:00:00') }));
    await store.grant(newGrant({ caseId: 'case-2' }));
    await store.grant(newGrant({ caseId: 'case-3', expiresAt: at('09:00:00') }));
    await store.grant(newGrant({ caseId: 'case-4', userId: 'vt-other' }));

    const running = await store.activeGrantsOf('vt-ugo', at('10:00:00'));

    expect(running.map((grant) => [grant.caseId, grant.expiresAt])).toEqual([
      ['case-1', at('16:00:00')],
      ['case-2', at('16:00:00')],
    ]);
  });

  it('keeps the review queue oldest first, with the total for paging', async () => {
    for (const hour of ['09', '07', '08']) await store.grant(newGrant({ grantedAt: at(`${hour}:00:00`), caseId: `case-${hour}` }));

    const firstPage = await store.listForReview({ limit: 2 });
    const secondPage = await store.listForReview({ limit: 2, offset: 2 });

    expect(firstPage.total).toBe(3);
    expect([...firstPage.items, ...secondPage.items].map((grant) => grant.caseId)).toEqual(['case-07', 'case-08', 'case-09']);
    expect(firstPage.items[0].review).toBeNull();
  });

  it('moves a reviewed grant from the queue to the history, once', async () => {
    const granted = await store.grant(newGrant());

    expect(
      await store.markReviewed(granted.grantId, {
        reviewedBy: 'pim',
        reviewedAt: at('17:00:00'),
        outcome: 'justified',
        note: '  Crisis, collega onbereikbaar.  ',
      }),
    ).toBe('reviewed');
    expect(await store.markReviewed(granted.grantId, { reviewedBy: 'pam', reviewedAt: at('18:00:00'), outcome: 'unjustified' })).toBe(
      'already-reviewed',
    );

    expect((await store.listForReview()).total).toBe(0);
    const history = await store.listForReview({ status: 'reviewed' });
    expect(history.items).toEqual([
      {
        ...granted,
        review: { reviewedBy: 'pim', reviewedAt: at('17:00:00'), outcome: 'justified', note: 'Crisis, collega onbereikbaar.' },
      },
    ]);
  });

  it('refuses a review by the grantee and of a grant that does not exist', async () => {
    const granted = await store.grant(newGrant());
    expect(await store.markReviewed(granted.grantId, { reviewedBy: 'vt-ugo', reviewedAt: at('17:00:00'), outcome: 'justified' })).toBe(
      'own-grant',
    );
    expect(await store.markReviewed('no-such-grant', { reviewedBy: 'pim', reviewedAt: at('17:00:00'), outcome: 'justified' })).toBe(
      'not-found',
    );
    expect((await store.findGrant(granted.grantId))?.review).toBeNull();
  });

  it('lets exactly one of two officers reviewing at once succeed', async () => {
    const granted = await store.grant(newGrant());
    const results = await Promise.all(
      ['pim', 'pam', 'pom', 'pum'].map((officer) =>
        store.markReviewed(granted.grantId, { reviewedBy: officer, reviewedAt: at('17:00:00'), outcome: 'justified' }),
      ),
    );
    expect(results.filter((result) => result === 'reviewed')).toHaveLength(1);
    expect(results.filter((result) => result === 'already-reviewed')).toHaveLength(3);
  });

  it("records a grant in the caller's transaction, so a rollback leaves no grant", async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await store.grant(newGrant(), { manager });
        throw new Error('access log write failed');
      }),
    ).rejects.toThrow('access log write failed');
    expect((await store.listForReview({ status: 'all' })).total).toBe(0);
  });

  it('keeps every grant as evidence: the database refuses deletes, edits and a second review', async () => {
    const granted = await store.grant(newGrant());
    await expect(dataSource.query(`delete from ${EMERGENCY_GRANTS_TABLE}`)).rejects.toThrow(/keeps every grant/);
    await expect(dataSource.query(`truncate ${EMERGENCY_GRANTS_TABLE}`)).rejects.toThrow(/keeps every grant/);
    await expect(
      dataSource.query(`update ${EMERGENCY_GRANTS_TABLE} set expires_at = expires_at + interval '1 day' where grant_id = $1`, [
        granted.grantId,
      ]),
    ).rejects.toThrow(/only an unreviewed grant/);
    await store.markReviewed(granted.grantId, { reviewedBy: 'pim', reviewedAt: at('17:00:00'), outcome: 'justified' });
    await expect(
      dataSource.query(`update ${EMERGENCY_GRANTS_TABLE} set review_note = 'achteraf' where grant_id = $1`, [granted.grantId]),
    ).rejects.toThrow(/only an unreviewed grant/);
  });

  it('refuses a grant that ends before it starts, an empty reason and a self-review written directly', async () => {
    await expect(store.grant(newGrant({ expiresAt: at('08:00:00') }))).rejects.toThrow(/check constraint/);
    await expect(store.grant(newGrant({ reason: '   ' }))).rejects.toThrow(/check constraint/);
    const granted = await store.grant(newGrant());
    await expect(
      dataSource.query(`update ${EMERGENCY_GRANTS_TABLE} set reviewed_by = user_id, reviewed_at = now() where grant_id = $1`, [
        granted.grantId,
      ]),
    ).rejects.toThrow(/check constraint/);
  });

  it('creates its schema idempotently, also from processes starting at once, and adds the outcome column to an older table', async () => {
    await dataSource.query(`alter table ${EMERGENCY_GRANTS_TABLE} drop column review_outcome`);
    await Promise.all([store.ensureSchema(), store.ensureSchema(), store.ensureSchema()]);
    const granted = await store.grant(newGrant());
    expect(
      await store.markReviewed(granted.grantId, {
        reviewedBy: 'pim',
        reviewedAt: at('17:00:00'),
        outcome: 'unjustified',
        note: 'Geen spoed.',
      }),
    ).toBe('reviewed');
    expect((await store.findGrant(granted.grantId))?.review).toMatchObject({ outcome: 'unjustified', note: 'Geen spoed.' });
  });
});

describe('EmergencyGrantsModule', () => {
  it('provides the store as the EMERGENCY_GRANTS port another context injects, with its table created at start-up', async () => {
    const moduleDb = await createTestDatabase('emergency_grants_nest');
    const moduleDataSource = new DataSource({ type: 'postgres', url: moduleDb.url, logging: false });
    await moduleDataSource.initialize();

    @Global()
    @Module({ providers: [{ provide: DataSource, useValue: moduleDataSource }], exports: [DataSource] })
    class DatabaseModule {}

    // Stands for a handler in another context: it knows the token and the port type only.
    @Injectable()
    class OtherContextReader {
      constructor(@Inject(EMERGENCY_GRANTS) readonly grants: EmergencyGrants) {}
    }

    @Module({ imports: [DatabaseModule, EmergencyGrantsModule], providers: [OtherContextReader] })
    class AppModule {}

    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      const granted = await app.get(EmergencyGrantStore).grant(newGrant());
      expect(await app.get(OtherContextReader).grants.activeGrant('vt-ugo', 'case-1', at('12:00:00'))).toEqual(granted);
    } finally {
      await app.close();
      await moduleDataSource.destroy();
      await moduleDb.drop();
    }
  });
});
