import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { EmergencyGrant, NewEmergencyGrant } from '@ketenregie/access-domain';
import type { EmergencyGrantReviewOutcome } from '@ketenregie/contracts';
import type { ActiveEmergencyGrant, EmergencyGrants } from '@ketenregie/access-contracts';
import { EMERGENCY_GRANTS_TABLE, ensureEmergencyGrantsSchema } from './emergency-grant-schema';

export type EmergencyGrantReview = {
  reviewedBy: string;
  reviewedAt: Date;
  /** Null only for a review stored before the outcome had a column of its own (see `decodeLegacyReviewNote`). */
  outcome: EmergencyGrantReviewOutcome | null;
  note: string | null;
};

export type EmergencyGrantRecord = EmergencyGrant & { review: EmergencyGrantReview | null };

export type ReviewStatus = 'unreviewed' | 'reviewed' | 'all';

export type MarkReviewedResult = 'reviewed' | 'not-found' | 'already-reviewed' | 'own-grant';

type Row = {
  grant_id: string;
  user_id: string;
  organisation_id: string;
  case_id: string;
  reason: string;
  granted_at: Date;
  expires_at: Date;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
  review_outcome: EmergencyGrantReviewOutcome | null;
};

const columns = `grant_id, user_id, organisation_id, case_id, reason, granted_at, expires_at, reviewed_by, reviewed_at, review_note, review_outcome`;

const toGrant = (row: Row): EmergencyGrant => ({
  grantId: row.grant_id,
  userId: row.user_id,
  organisationId: row.organisation_id,
  caseId: row.case_id,
  reason: row.reason,
  grantedAt: row.granted_at,
  expiresAt: row.expires_at,
});

const toRecord = (row: Row): EmergencyGrantRecord => ({
  ...toGrant(row),
  review:
    row.reviewed_by !== null && row.reviewed_at !== null
      ? { reviewedBy: row.reviewed_by, reviewedAt: row.reviewed_at, outcome: row.review_outcome, note: row.review_note }
      : null,
});

/** The port's answer goes straight into the policy: the two shapes must stay one. */
export const portGrantFitsPolicy = (grant: ActiveEmergencyGrant): EmergencyGrant => grant;

// The unreviewed queue is worked oldest first; history reads newest first.
const reviewQueries: Record<ReviewStatus, { where: string; orderBy: string }> = {
  unreviewed: { where: 'reviewed_at is null', orderBy: 'granted_at asc, grant_id asc' },
  reviewed: { where: 'reviewed_at is not null', orderBy: 'granted_at desc, grant_id desc' },
  all: { where: 'true', orderBy: 'granted_at desc, grant_id desc' },
};

/**
 * Break-the-glass grants. Records what the access policy decided (`decideEmergencyAccess`) and
 * answers the `EMERGENCY_GRANTS` port; it does not decide anything itself. A plain class, so
 * scripts use it without Nest; `EmergencyGrantsModule` provides it.
 */
export class EmergencyGrantStore implements EmergencyGrants {
  constructor(
    private readonly dataSource: DataSource,
    private readonly newGrantId: () => string = randomUUID,
  ) {}

  ensureSchema(): Promise<void> {
    return ensureEmergencyGrantsSchema(this.dataSource);
  }

  /**
   * Records a grant. Pass the transaction that writes the access log entry for the grant, so
   * there is never a grant without its log line or the other way round.
   */
  async grant(grant: NewEmergencyGrant, options: { manager?: EntityManager } = {}): Promise<EmergencyGrant> {
    const runner = options.manager ?? this.dataSource;
    const rows = (await runner.query(
      `insert into ${EMERGENCY_GRANTS_TABLE} (grant_id, user_id, organisation_id, case_id, reason, granted_at, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7) returning ${columns}`,
      [this.newGrantId(), grant.userId, grant.organisationId, grant.caseId, grant.reason, grant.grantedAt, grant.expiresAt],
    )) as Row[];
    return toGrant(rows[0]);
  }

  async activeGrant(userId: string, caseId: string, now: Date): Promise<ActiveEmergencyGrant | undefined> {
    const rows = (await this.dataSource.query(
      `select ${columns} from ${EMERGENCY_GRANTS_TABLE}
        where user_id = $1 and case_id = $2 and granted_at <= $3 and expires_at > $3
        order by expires_at desc, grant_id limit 1`,
      [userId, caseId, now],
    )) as Row[];
    return rows[0] ? toGrant(rows[0]) : undefined;
  }

  async activeGrantsOf(userId: string, now: Date): Promise<ActiveEmergencyGrant[]> {
    const rows = (await this.dataSource.query(
      `select distinct on (case_id) ${columns} from ${EMERGENCY_GRANTS_TABLE}
        where user_id = $1 and granted_at <= $2 and expires_at > $2
        order by case_id, expires_at desc, grant_id`,
      [userId, now],
    )) as Row[];
    return rows.map(toGrant);
  }

  /** The privacy officer's queue (or history), a page at a time with the total for paging. */
  async listForReview(
    options: { status?: ReviewStatus; limit?: number; offset?: number } = {},
  ): Promise<{ items: EmergencyGrantRecord[]; total: number }> {
    const { where, orderBy } = reviewQueries[options.status ?? 'unreviewed'];
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const offset = Math.max(options.offset ?? 0, 0);
    const [rows, counted] = await Promise.all([
      this.dataSource.query(`select ${columns} from ${EMERGENCY_GRANTS_TABLE} where ${where} order by ${orderBy} limit $1 offset $2`, [
        limit,
        offset,
      ]) as Promise<Row[]>,
      this.dataSource.query(`select count(*)::int as total from ${EMERGENCY_GRANTS_TABLE} where ${where}`) as Promise<{ total: number }[]>,
    ]);
    return { items: rows.map(toRecord), total: counted[0]?.total ?? 0 };
  }

  async findGrant(grantId: string): Promise<EmergencyGrantRecord | undefined> {
    const rows = (await this.dataSource.query(`select ${columns} from ${EMERGENCY_GRANTS_TABLE} where grant_id = $1`, [grantId])) as Row[];
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /**
   * Signs a grant off once. The caller checks the reviewer is a privacy officer
   * (`mayReviewEmergencyGrant`); the store still refuses a self-review and a second review, in
   * one statement, so two officers reviewing at once cannot both succeed.
   */
  async markReviewed(
    grantId: string,
    review: { reviewedBy: string; reviewedAt: Date; outcome: EmergencyGrantReviewOutcome; note?: string },
  ): Promise<MarkReviewedResult> {
    const note = review.note?.trim() ? review.note.trim() : null;
    // Wrapped in a select so the driver answers with plain rows, as for any query.
    const rows = (await this.dataSource.query(
      `with updated as (
         update ${EMERGENCY_GRANTS_TABLE} set reviewed_by = $2, reviewed_at = $3, review_note = $4, review_outcome = $5
          where grant_id = $1 and reviewed_at is null and user_id <> $2
          returning grant_id)
       select grant_id from updated`,
      [grantId, review.reviewedBy, review.reviewedAt, note, review.outcome],
    )) as { grant_id: string }[];
    if (rows.length > 0) return 'reviewed';
    const existing = await this.findGrant(grantId);
    if (!existing) return 'not-found';
    if (existing.review) return 'already-reviewed';
    return 'own-grant';
  }
}
