import type { DataSource, EntityManager } from 'typeorm';
import { legalBasisDescriptions } from './access-log-entry';
import type {
  AccessAction,
  AccessActor,
  AccessLogEntry,
  AccessLogEntryInput,
  AccessOutcome,
  LegalBasis,
  SubjectType,
} from './access-log-entry';
import { normaliseEntry } from './access-log-entry';
import { GENESIS_HASH, entryHash } from './access-log-hash';
import { ACCESS_LOG_HEAD_TABLE, ACCESS_LOG_TABLE, ensureAccessLogSchema } from './access-log-schema';
import type { AccessLogFilter } from './access-log-search';
import { accessLogWhere } from './access-log-search';

export type RecordOptions = {
  /**
   * The caller's transaction (READ COMMITTED, the default). The entry then commits or rolls back
   * with the caller's work. Record as the transaction's last statement and send the response only
   * after commit: the chain head stays locked from the append until commit, so an entry written
   * first would serialise every request's data access behind the lock.
   */
  manager?: EntityManager;
};

export type RecordedEntry = { sequence: number; hash: string; recordedAt: Date };

export type ChainBreak = 'hash-mismatch' | 'previous-hash-mismatch' | 'sequence-gap' | 'head-mismatch';

export type VerifyResult =
  | { ok: true; entries: number; head: { sequence: number; hash: string } }
  | { ok: false; firstBrokenSequence: number; reason: ChainBreak; entriesChecked: number };

export type VerifyOptions = { batchSize?: number };

export type ExportRequest = {
  actor: AccessActor;
  onBehalfOf?: AccessActor;
  /** Defaults to the family's own right of access. */
  legalBasis?: LegalBasis;
  requestId: string;
  route: string;
};

/** One line as the family sees it: organisations and roles, not the individual professionals. */
export type FamilyAccessLogLine = {
  sequence: number;
  recordedAt: string;
  subjectType: SubjectType;
  subjectId: string;
  organisationId: string;
  role: string | null;
  onBehalfOf: { organisationId: string; role: string | null } | null;
  action: AccessAction;
  legalBasis: LegalBasis;
  legalBasisDescription: string;
  emergency: boolean;
  emergencyReason: string | null;
  /** What a command came to (`pending`: its outcome was never recorded); null for a read. */
  outcome: AccessOutcome | null;
};

export type FamilyAccessLogExport = { familyId: string; exportedAt: string; entries: FamilyAccessLogLine[] };

type Row = {
  sequence: string;
  recorded_at: Date;
  subject_type: SubjectType;
  subject_id: string;
  family_id: string | null;
  actor_user_id: string;
  actor_organisation_id: string;
  actor_role: string | null;
  on_behalf_of_user_id: string | null;
  on_behalf_of_organisation_id: string | null;
  on_behalf_of_role: string | null;
  action: AccessAction;
  legal_basis: LegalBasis;
  emergency: boolean;
  emergency_reason: string | null;
  request_id: string;
  route: string;
  outcome: AccessOutcome | null;
  completes: string | null;
  previous_hash: string;
  hash: string;
};

// `sequence` comes back as text (bigint); order by the qualified column, not this text alias.
const columns = `sequence::text as sequence, recorded_at, subject_type, subject_id, family_id, actor_user_id,
  actor_organisation_id, actor_role, on_behalf_of_user_id, on_behalf_of_organisation_id, on_behalf_of_role, action,
  legal_basis, emergency, emergency_reason, request_id, route, outcome, completes::text as completes, previous_hash, hash`;

/**
 * A command's entry with the outcome of the entry that completes it, if any, and without the
 * completing entries themselves: one line per access, saying what it came to.
 */
const completedColumns = `sequence::text as sequence, recorded_at, subject_type, subject_id, family_id, actor_user_id,
  actor_organisation_id, actor_role, on_behalf_of_user_id, on_behalf_of_organisation_id, on_behalf_of_role, action,
  legal_basis, emergency, emergency_reason, request_id, route,
  coalesce((select completion.outcome from ${ACCESS_LOG_TABLE} completion where completion.completes = ${ACCESS_LOG_TABLE}.sequence
    order by completion.sequence desc limit 1), outcome) as outcome,
  completes::text as completes, previous_hash, hash`;

const toEntry = (row: Row): AccessLogEntry => ({
  sequence: Number(row.sequence),
  recordedAt: row.recorded_at,
  subjectType: row.subject_type,
  subjectId: row.subject_id,
  familyId: row.family_id,
  actor: { userId: row.actor_user_id, organisationId: row.actor_organisation_id, role: row.actor_role },
  onBehalfOf:
    row.on_behalf_of_user_id === null || row.on_behalf_of_organisation_id === null
      ? null
      : { userId: row.on_behalf_of_user_id, organisationId: row.on_behalf_of_organisation_id, role: row.on_behalf_of_role },
  action: row.action,
  legalBasis: row.legal_basis,
  emergency: row.emergency,
  emergencyReason: row.emergency_reason,
  requestId: row.request_id,
  route: row.route,
  outcome: row.outcome,
  completes: row.completes === null ? null : Number(row.completes),
  previousHash: row.previous_hash,
  hash: row.hash,
});

const toFamilyLine = (entry: AccessLogEntry): FamilyAccessLogLine => ({
  sequence: entry.sequence,
  recordedAt: entry.recordedAt.toISOString(),
  subjectType: entry.subjectType,
  subjectId: entry.subjectId,
  organisationId: entry.actor.organisationId,
  role: entry.actor.role,
  onBehalfOf: entry.onBehalfOf && { organisationId: entry.onBehalfOf.organisationId, role: entry.onBehalfOf.role },
  action: entry.action,
  legalBasis: entry.legalBasis,
  legalBasisDescription: legalBasisDescriptions[entry.legalBasis],
  emergency: entry.emergency,
  emergencyReason: entry.emergencyReason,
  outcome: entry.outcome,
});

/**
 * The NEN 7513 access log: append-only, hash-chained, serialised appends. A plain class so
 * scripts use it without Nest; `AccessLogModule` provides it from the app's DataSource.
 */
export class AccessLog {
  constructor(private readonly dataSource: DataSource) {}

  ensureSchema(): Promise<void> {
    return ensureAccessLogSchema(this.dataSource);
  }

  /**
   * Appends one entry. Without a manager it commits on its own before returning: a caller that
   * then serves the data must not serve it if this throws. With a manager it joins that
   * transaction (see `RecordOptions`).
   */
  async record(input: AccessLogEntryInput, options: RecordOptions = {}): Promise<RecordedEntry> {
    const fields = normaliseEntry(input);
    const { manager } = options;
    if (!manager) return this.dataSource.transaction((own) => this.append(own, fields));
    // Outside a transaction the head lock would end with its own statement and two appends
    // could fork the chain; PostgreSQL would reject the second by primary key, but only after
    // the caller had counted on an entry.
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AccessLog.record: the given manager is not in a transaction; pass the one from dataSource.transaction()');
    }
    return this.append(manager, fields);
  }

  private async append(manager: EntityManager, fields: ReturnType<typeof normaliseEntry>): Promise<RecordedEntry> {
    // Milliseconds: the time must survive the round trip through a JavaScript Date unchanged,
    // or the hash could not be recomputed. Taken after the lock, so time follows the sequence.
    const [head] = (await manager.query(
      `select sequence::text as sequence, hash, date_trunc('milliseconds', clock_timestamp()) as now
       from ${ACCESS_LOG_HEAD_TABLE} where id for update`,
    )) as { sequence: string; hash: string; now: Date }[];
    if (!head) throw new Error('The access log has no chain head: run AccessLog.ensureSchema() first');
    const sequence = Number(head.sequence) + 1;
    const recordedAt = head.now;
    const hash = entryHash(head.hash, { ...fields, sequence, recordedAt });
    await manager.query(
      `with appended as (
         insert into ${ACCESS_LOG_TABLE} (sequence, recorded_at, subject_type, subject_id, family_id, actor_user_id,
           actor_organisation_id, actor_role, on_behalf_of_user_id, on_behalf_of_organisation_id, on_behalf_of_role,
           action, legal_basis, emergency, emergency_reason, request_id, route, outcome, completes, previous_hash, hash)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
         returning sequence, hash)
       update ${ACCESS_LOG_HEAD_TABLE} set sequence = appended.sequence, hash = appended.hash from appended where id`,
      [
        sequence,
        recordedAt,
        fields.subjectType,
        fields.subjectId,
        fields.familyId,
        fields.actor.userId,
        fields.actor.organisationId,
        fields.actor.role,
        fields.onBehalfOf?.userId ?? null,
        fields.onBehalfOf?.organisationId ?? null,
        fields.onBehalfOf?.role ?? null,
        fields.action,
        fields.legalBasis,
        fields.emergency,
        fields.emergencyReason,
        fields.requestId,
        fields.route,
        fields.outcome,
        fields.completes,
        head.hash,
        hash,
      ],
    );
    return { sequence, hash, recordedAt };
  }

  /** The chain's tip, to anchor outside the database (docs/adr/0004-access-log.md). */
  async head(): Promise<{ sequence: number; hash: string }> {
    const [row] = (await this.dataSource.query(`select sequence::text as sequence, hash from ${ACCESS_LOG_HEAD_TABLE} where id`)) as {
      sequence: string;
      hash: string;
    }[];
    if (!row) throw new Error('The access log has no chain head: run AccessLog.ensureSchema() first');
    return { sequence: Number(row.sequence), hash: row.hash };
  }

  /**
   * Walks the whole chain in sequence order, a batch at a time, inside one read-only snapshot so
   * concurrent appends neither disturb the walk nor look like a broken tail.
   */
  async verify(options: VerifyOptions = {}): Promise<VerifyResult> {
    const batchSize = options.batchSize ?? 1000;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('set transaction read only');
      let expected = 1;
      let previousHash = GENESIS_HASH;
      for (;;) {
        const rows = (await runner.query(
          `select ${columns} from ${ACCESS_LOG_TABLE} where sequence >= $1 order by ${ACCESS_LOG_TABLE}.sequence limit $2`,
          [expected, batchSize],
        )) as Row[];
        for (const row of rows) {
          const entry = toEntry(row);
          const broken = (reason: ChainBreak, at = entry.sequence): VerifyResult => ({
            ok: false,
            firstBrokenSequence: at,
            reason,
            entriesChecked: expected - 1,
          });
          if (entry.sequence !== expected) return broken('sequence-gap', expected);
          if (entry.previousHash !== previousHash) return broken('previous-hash-mismatch');
          if (entryHash(entry.previousHash, entry) !== entry.hash) return broken('hash-mismatch');
          previousHash = entry.hash;
          expected++;
        }
        if (rows.length < batchSize) break;
      }
      const last = expected - 1;
      // The head catches what the chain alone cannot: entries cut off at the end.
      const [head] = (await runner.query(`select sequence::text as sequence, hash from ${ACCESS_LOG_HEAD_TABLE} where id`)) as {
        sequence: string;
        hash: string;
      }[];
      if (!head) return { ok: false, firstBrokenSequence: last + 1, reason: 'head-mismatch', entriesChecked: last };
      const headSequence = Number(head.sequence);
      if (headSequence > last) return { ok: false, firstBrokenSequence: last + 1, reason: 'sequence-gap', entriesChecked: last };
      if (headSequence < last)
        return { ok: false, firstBrokenSequence: headSequence + 1, reason: 'head-mismatch', entriesChecked: headSequence };
      if (head.hash !== previousHash) return { ok: false, firstBrokenSequence: last, reason: 'head-mismatch', entriesChecked: last - 1 };
      return { ok: true, entries: last, head: { sequence: last, hash: previousHash } };
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }

  /**
   * The privacy officer's search, newest first. The caller logs what it shows: reading the log
   * is itself a read of the families in it.
   */
  async search(filter: AccessLogFilter, page: { limit: number; offset: number }): Promise<AccessLogEntry[]> {
    const { where, values } = accessLogWhere(filter, 3);
    const rows = (await this.dataSource.query(
      `select ${completedColumns} from ${ACCESS_LOG_TABLE} where completes is null and ${where}
        order by ${ACCESS_LOG_TABLE}.sequence desc limit $1 offset $2`,
      [page.limit, page.offset, ...values],
    )) as Row[];
    return rows.map(toEntry);
  }

  /**
   * Everything the log says about one family (the entries about the family and about its cases),
   * oldest first, for a request under AVG art. 15. The export is logged, and is its own last line.
   */
  async exportForFamily(familyId: string, request: ExportRequest, options: RecordOptions = {}): Promise<FamilyAccessLogExport> {
    const run = async (manager: EntityManager): Promise<FamilyAccessLogExport> => {
      const rows = (await manager.query(
        `select ${completedColumns} from ${ACCESS_LOG_TABLE} where family_id = $1 and completes is null order by ${ACCESS_LOG_TABLE}.sequence`,
        [familyId],
      )) as Row[];
      const input: AccessLogEntryInput = {
        subjectType: 'family',
        subjectId: familyId,
        familyId,
        actor: request.actor,
        action: 'export',
        legalBasis: request.legalBasis ?? 'avg-art-15',
        requestId: request.requestId,
        route: request.route,
        ...(request.onBehalfOf ? { onBehalfOf: request.onBehalfOf } : {}),
      };
      // Last in the transaction, for the lock's sake; the caller sends the export after commit.
      const recorded = await this.record(input, { manager });
      const own: AccessLogEntry = { ...normaliseEntry(input), ...recorded, previousHash: '' };
      return {
        familyId,
        exportedAt: recorded.recordedAt.toISOString(),
        entries: [...rows.map(toEntry), own].map(toFamilyLine),
      };
    };
    const { manager } = options;
    if (!manager) return this.dataSource.transaction(run);
    return run(manager);
  }
}
