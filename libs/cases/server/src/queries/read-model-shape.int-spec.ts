import { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import {
  CASE_OPEN_WORK_TABLE,
  CASE_RAPPELS_TABLE,
  CASE_SUMMARIES_TABLE,
  FAMILY_INDEX_TABLE,
  caseRegisterProjection,
} from '../projections/case-register.projection';
import { CASE_TIMELINE_TABLE, caseTimelineProjection } from '../projections/case-timeline.projection';
import {
  caseFeedbackMessages,
  caseFeedbackDirectors,
  caseFeedbackMilestones,
  caseFeedbackProjection,
  caseFeedbackReports,
} from '../case-feedback/case-feedback.projection';
import { ReadModelShape } from './read-model-shape';

describe('ReadModelShape (PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('read_model_shape');
    dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('lets a fresh database start, refuses a register without access columns, and accepts the current one', async () => {
    const check = new ReadModelShape(dataSource);
    await expect(check.onModuleInit()).resolves.toBeUndefined();

    await dataSource.query(`create table ${CASE_SUMMARIES_TABLE} (case_id text primary key, record jsonb)`);
    await expect(check.onModuleInit()).rejects.toThrow('run npm run projections:rebuild -- cases.case-register');

    await dataSource.query(`drop table ${CASE_SUMMARIES_TABLE}`);
    const tables = {
      [CASE_SUMMARIES_TABLE]: CASE_SUMMARIES_TABLE,
      [FAMILY_INDEX_TABLE]: FAMILY_INDEX_TABLE,
      [CASE_RAPPELS_TABLE]: CASE_RAPPELS_TABLE,
      [CASE_OPEN_WORK_TABLE]: CASE_OPEN_WORK_TABLE,
    };
    for (const statement of caseRegisterProjection.createTables(tables)) await dataSource.query(statement);
    await expect(check.onModuleInit()).resolves.toBeUndefined();

    // A register built before the counts had open-work rows of their own: the table would stay empty.
    await dataSource.query(`drop table ${CASE_OPEN_WORK_TABLE}`);
    await expect(check.onModuleInit()).rejects.toThrow(
      `The read model ${CASE_OPEN_WORK_TABLE} is missing beside the other tables of cases.case-register, which an older version built: run npm run projections:rebuild -- cases.case-register`,
    );
    for (const statement of caseRegisterProjection.createTables(tables).filter((sql) => sql.includes(CASE_OPEN_WORK_TABLE)))
      await dataSource.query(statement);
    await expect(check.onModuleInit()).resolves.toBeUndefined();

    // A register built before the hand-over worklist knew when an offer was made.
    await dataSource.query(`alter table ${CASE_SUMMARIES_TABLE} drop column pending_handover_offered_at`);
    await expect(check.onModuleInit()).rejects.toThrow('run npm run projections:rebuild -- cases.case-register');
    await dataSource.query(`alter table ${CASE_SUMMARIES_TABLE} add column pending_handover_offered_at timestamptz`);
    await expect(check.onModuleInit()).resolves.toBeUndefined();
  });

  it('refuses a timeline of an older shape and accepts the current one', async () => {
    const check = new ReadModelShape(dataSource);
    await dataSource.query(`create table ${CASE_TIMELINE_TABLE} (case_id text, revision integer, summary text)`);
    await expect(check.onModuleInit()).rejects.toThrow('run npm run projections:rebuild -- cases.case-timeline');

    // The shape that stored each entry's JSON text beside its columns, without the director it was steered for.
    await dataSource.query(`drop table ${CASE_TIMELINE_TABLE}`);
    await dataSource.query(
      `create table ${CASE_TIMELINE_TABLE} (case_id text, revision integer, event_id text, event_type text, kind text,
         occurred_at timestamptz, actor_user_id text, actor_organisation_id text, summary text, entry text)`,
    );
    await expect(check.onModuleInit()).rejects.toThrow('run npm run projections:rebuild -- cases.case-timeline');

    await dataSource.query(`drop table ${CASE_TIMELINE_TABLE}`);
    for (const statement of caseTimelineProjection.createTables({ [CASE_TIMELINE_TABLE]: CASE_TIMELINE_TABLE }))
      await dataSource.query(statement);
    await expect(check.onModuleInit()).resolves.toBeUndefined();
  });

  it('refuses a feedback overview that cannot tell outstanding feedback from given, and accepts the current one', async () => {
    const check = new ReadModelShape(dataSource);
    const tables = Object.fromEntries(
      [caseFeedbackReports, caseFeedbackMilestones, caseFeedbackMessages, caseFeedbackDirectors].map(({ name }) => [name, name]),
    );
    for (const statement of caseFeedbackProjection.createTables(tables)) await dataSource.query(statement);
    await expect(check.onModuleInit()).resolves.toBeUndefined();

    // The overview as it was before: no mark of the milestones owed a message, nor of the messages answered by a later one.
    await dataSource.query(`alter table ${caseFeedbackMessages.name} drop column superseded`);
    await expect(check.onModuleInit()).rejects.toThrow('run npm run projections:rebuild -- cases.case-feedback');
    await dataSource.query(`alter table ${caseFeedbackMilestones.name} drop column feedback_owed`);
    await dataSource.query(`alter table ${caseFeedbackMessages.name} add column superseded boolean`);
    await expect(check.onModuleInit()).rejects.toThrow('run npm run projections:rebuild -- cases.case-feedback');
  });

  it('starts beside a process that creates a read model while it looks, which commits all its tables at once', async () => {
    const feedback = [caseFeedbackReports, caseFeedbackMilestones, caseFeedbackMessages, caseFeedbackDirectors];
    for (const { name } of feedback) await dataSource.query(`drop table if exists ${name}`);
    const tables = Object.fromEntries(feedback.map(({ name }) => [name, name]));
    // The other process commits the projection's tables just after this one found the first missing.
    let created = false;
    const beside = Object.create(dataSource) as DataSource;
    beside.query = (async (sql: string, parameters?: unknown[]) => {
      try {
        return await dataSource.query(sql, parameters);
      } catch (error) {
        if (!created && sql.includes(` ${caseFeedbackMilestones.name} `)) {
          created = true;
          await dataSource.transaction(async (manager) => {
            for (const statement of caseFeedbackProjection.createTables(tables)) await manager.query(statement);
          });
        }
        throw error;
      }
    }) as DataSource['query'];
    await expect(new ReadModelShape(beside).onModuleInit()).resolves.toBeUndefined();
    expect(created).toBe(true);
  });
});
