import type { DataSource } from 'typeorm';
import type { CalendarDate } from '@ketenregie/kernel';
import { addDays, addMonths } from '@ketenregie/kernel';
import { randomUUID } from 'node:crypto';
import type { AccessLogRecord, FamilyDataEraser, FamilyErasure } from '@ketenregie/access-contracts';
import type { ErasureReason, FamilyKeyStore } from './family-key-store';

export const FAMILY_ERASURES_TABLE = 'family_erasures';

// Holds the ids and the when and why of each erasure, never personal data. `completed_at` stays
// empty until every context cleared its read models, so an interrupted erasure is finished later.
const statements = [
  `create table if not exists ${FAMILY_ERASURES_TABLE} (
    family_id text primary key,
    reason text not null check (reason in ('request', 'retention-expired')),
    requested_at timestamptz not null default now(),
    erased_at timestamptz,
    completed_at timestamptz
  )`,
];

const SCHEMA_LOCK = "hashtext('ketenregie.family_erasures.schema')";
// One retention run at a time across processes; the erasures themselves are idempotent anyway.
const RETENTION_LOCK = 'ketenregie.retention';

type Log = (fields: Record<string, unknown>, message: string) => void;

export type ErasureLogger = { info: Log; warn: Log; error: Log };

const silent: ErasureLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export type FamilyErasureOutcome = FamilyErasure & {
  /** True when the family had been erased before; time and reason are those of the first erasure. */
  alreadyErased: boolean;
  /** Contexts whose read models were cleared. */
  contexts: string[];
};

export type FamilyErasureStatus =
  | { familyId: string; state: 'not-erased'; hasKey: boolean; knownTo: string[] }
  | {
      familyId: string;
      /** `erasing`: the key is gone but not every read model was cleared yet (the job finishes it). */
      state: 'erasing' | 'erased';
      erasedAt: Date;
      reason: ErasureReason;
      completedAt: Date | null;
    };

/** Who erases and through which door, for the access log: an erasure is a change of the family's data. */
export type ErasureRequester = Pick<AccessLogRecord, 'actor' | 'onBehalfOf' | 'requestId' | 'route'>;

/** The retention job acts for the organisation itself, under the erasure duty of AVG art. 17. */
const retentionRequester = (): ErasureRequester => ({
  actor: { userId: 'system:retention', organisationId: 'ketenregie' },
  requestId: randomUUID(),
  route: 'JOB retention',
});

export class UnknownFamily extends Error {
  override readonly name = 'UnknownFamily';
  constructor(readonly familyId: string) {
    super(`No context knows family ${familyId}`);
  }
}

export type RetentionRun =
  { kind: 'skipped' } | { kind: 'done'; closedBefore: CalendarDate; erased: string[]; resumed: number; failed: number };

const MAX_FAMILY_ID_LENGTH = 200;

/** The last day of closure that is still kept: whole years as calendar years, a fraction in days. */
export const retentionCutoff = (today: CalendarDate, retentionYears: number): CalendarDate =>
  Number.isInteger(retentionYears) ? addMonths(today, -12 * retentionYears) : addDays(today, -Math.round(retentionYears * 365.25));

/**
 * Erasure of one family's personal data, on request or when retention runs out: deletes the
 * family's key and leaves its tombstone (so no event can be opened again, see FamilyKeyStore), then
 * has every context clear its read models. Idempotent throughout, so a second call, a second
 * process or the retention job finishes whatever an interrupted call left.
 */
export class FamilyErasureService {
  private readonly logger: ErasureLogger;

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: FamilyKeyStore,
    private readonly erasers: readonly FamilyDataEraser[],
    options: { logger?: ErasureLogger; accessLog?: Pick<{ record(entry: AccessLogRecord): Promise<void> }, 'record'> } = {},
  ) {
    this.logger = options.logger ?? silent;
    this.accessLog = options.accessLog;
  }

  private readonly accessLog: { record(entry: AccessLogRecord): Promise<void> } | undefined;

  async ensureSchema(): Promise<void> {
    await this.keys.ensureSchema();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`select pg_advisory_xact_lock(${SCHEMA_LOCK})`);
      for (const statement of statements) await manager.query(statement);
    });
    for (const eraser of this.erasers) await eraser.ensureSchema();
  }

  /**
   * `requireKnown` refuses a family no context knows (an operator's typo), unless it was erased
   * before. An HTTP endpoint for the privacy officer calls this too.
   */
  async erase(
    familyId: string,
    reason: ErasureReason,
    options: { requireKnown?: boolean; requestedBy?: ErasureRequester } = {},
  ): Promise<FamilyErasureOutcome> {
    if (familyId.trim() === '' || familyId.length > MAX_FAMILY_ID_LENGTH) throw new UnknownFamily(familyId);
    if (options.requireKnown && !(await this.keys.erasure(familyId)) && !(await this.isKnown(familyId))) {
      throw new UnknownFamily(familyId);
    }
    // Logged before anything is erased: an erasure whose entry cannot be written does not happen.
    await this.accessLog?.record({
      subjectType: 'family',
      subjectId: familyId,
      familyId,
      action: 'erase',
      legalBasis: 'avg-art-17',
      ...(options.requestedBy ?? retentionRequester()),
    });
    // The intent first: whatever fails after it, the retention job sees an unfinished erasure.
    await this.dataSource.query(
      `insert into ${FAMILY_ERASURES_TABLE} (family_id, reason) values ($1, $2) on conflict (family_id) do nothing`,
      [familyId, reason],
    );
    const tombstone = await this.keys.erase(familyId, reason);
    const erasure: FamilyErasure = { familyId, erasedAt: tombstone.erasedAt, reason: tombstone.reason };
    await this.dataSource.query(`update ${FAMILY_ERASURES_TABLE} set erased_at = $2, reason = $3 where family_id = $1`, [
      familyId,
      tombstone.erasedAt,
      tombstone.reason,
    ]);
    for (const eraser of this.erasers) await eraser.eraseFamily(erasure);
    await this.dataSource.query(`update ${FAMILY_ERASURES_TABLE} set completed_at = coalesce(completed_at, now()) where family_id = $1`, [
      familyId,
    ]);
    // Ids, reasons and counts only: a log line never carries personal data.
    this.logger.info(
      { familyId, reason: erasure.reason, erasedAt: erasure.erasedAt.toISOString(), alreadyErased: tombstone.alreadyErased },
      'family personal data erased',
    );
    return { ...erasure, alreadyErased: tombstone.alreadyErased, contexts: this.erasers.map((eraser) => eraser.context) };
  }

  async status(familyId: string): Promise<FamilyErasureStatus> {
    const found = await this.keys.findKey(familyId);
    if (found.status !== 'erased') {
      const knownTo: string[] = [];
      for (const eraser of this.erasers) if (await eraser.knowsFamily(familyId)) knownTo.push(eraser.context);
      return { familyId, state: 'not-erased', hasKey: found.status === 'active', knownTo };
    }
    const [row] = (await this.dataSource.query(`select completed_at from ${FAMILY_ERASURES_TABLE} where family_id = $1`, [familyId])) as {
      completed_at: Date | null;
    }[];
    const completedAt = row?.completed_at ?? null;
    return { familyId, state: completedAt ? 'erased' : 'erasing', erasedAt: found.erasedAt, reason: found.reason, completedAt };
  }

  /**
   * Erases every family whose cases all closed more than `retentionYears` before `today`, and
   * finishes erasures an interrupted call left. Of several processes only one runs at a time.
   */
  async runRetention(options: { today: CalendarDate; retentionYears: number; batchSize?: number }): Promise<RetentionRun> {
    const batchSize = options.batchSize ?? 100;
    const connection = this.dataSource.createQueryRunner();
    await connection.connect();
    try {
      const [lock] = (await connection.query('select pg_try_advisory_lock(hashtext($1)) as locked', [RETENTION_LOCK])) as {
        locked: boolean;
      }[];
      if (!lock?.locked) return { kind: 'skipped' };
      try {
        return await this.runRetentionLocked(options.today, options.retentionYears, batchSize);
      } finally {
        await connection.query('select pg_advisory_unlock(hashtext($1))', [RETENTION_LOCK]);
      }
    } finally {
      await connection.release();
    }
  }

  private async runRetentionLocked(today: CalendarDate, retentionYears: number, batchSize: number): Promise<RetentionRun> {
    let failed = 0;
    // Older than a minute: an erasure still running in another process is not taken over mid-way.
    const unfinished = (await this.dataSource.query(
      `select family_id, reason from ${FAMILY_ERASURES_TABLE}
        where completed_at is null and requested_at < now() - interval '1 minute' order by requested_at limit $1`,
      [batchSize],
    )) as { family_id: string; reason: ErasureReason }[];
    for (const row of unfinished) {
      try {
        await this.erase(row.family_id, row.reason);
      } catch (error) {
        failed++;
        this.logger.error(
          { familyId: row.family_id, errorClass: error instanceof Error ? error.name : 'error' },
          'unfinished erasure failed again',
        );
      }
    }

    const closedBefore = retentionCutoff(today, retentionYears);
    const erased: string[] = [];
    const refused = new Set<string>();
    for (const eraser of this.erasers) {
      if (!eraser.familiesPastRetention) continue;
      for (;;) {
        const candidates = (await eraser.familiesPastRetention(closedBefore, batchSize + refused.size)).filter((id) => !refused.has(id));
        if (candidates.length === 0) break;
        for (const familyId of candidates) {
          try {
            await this.erase(familyId, 'retention-expired');
            erased.push(familyId);
          } catch (error) {
            // Skipped for this run, retried in the next: one bad family must not stop the others.
            refused.add(familyId);
            failed++;
            this.logger.error({ familyId, errorClass: error instanceof Error ? error.name : 'error' }, 'retention erasure failed');
          }
        }
      }
    }
    if (erased.length > 0 || unfinished.length > 0) {
      this.logger.info({ closedBefore, erased: erased.length, resumed: unfinished.length, failed }, 'retention run erased families');
    }
    return { kind: 'done', closedBefore, erased, resumed: unfinished.length, failed };
  }

  private async isKnown(familyId: string): Promise<boolean> {
    if ((await this.keys.findKey(familyId)).status !== 'missing') return true;
    for (const eraser of this.erasers) if (await eraser.knowsFamily(familyId)) return true;
    return false;
  }
}
