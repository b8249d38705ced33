import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Queryable } from '@ketenregie/event-store';
import type { RedeemedLink } from '../portal-links/portal-links';

export const PORTAL_SESSIONS_TABLE = 'feedback_portal_sessions';

/** A link session is short: long enough to read and answer, not a standing way in. */
export const portalSessionLifetimeMs = 60 * 60 * 1000;

export const portalSessionSchema = [
  `create table if not exists ${PORTAL_SESSIONS_TABLE} (
     token_hash text primary key,
     session_id text not null unique,
     case_id text not null,
     report_id text not null,
     created_at timestamptz not null,
     expires_at timestamptz not null
   )`,
  `create index if not exists feedback_portal_sessions_case on ${PORTAL_SESSIONS_TABLE} (case_id)`,
];

/** Who came in through a link: bound to exactly one report. `sessionId` names the session in the access log, never the token. */
export type PortalSession = { sessionId: string; caseId: string; reportId: string; expiresAt: Date };

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

const tokenPattern = /^[A-Za-z0-9_-]{20,100}$/;

const rowsOf = (result: unknown): Record<string, unknown>[] => {
  // TypeORM answers a delete/update ... returning with [rows, count]; node-postgres with the rows.
  const list = Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result;
  return Array.isArray(list) ? (list as Record<string, unknown>[]) : [];
};

/** Starts the session a redeemed link opens; only the token's hash is stored. Returns the cookie's token. */
export const startPortalSession = async (
  db: Queryable,
  link: RedeemedLink,
  now: Date,
): Promise<{ token: string; session: PortalSession }> => {
  const token = randomBytes(32).toString('base64url');
  const session: PortalSession = {
    sessionId: randomUUID(),
    caseId: link.caseId,
    reportId: link.reportId,
    expiresAt: new Date(now.getTime() + portalSessionLifetimeMs),
  };
  await db.query(
    `insert into ${PORTAL_SESSIONS_TABLE} (token_hash, session_id, case_id, report_id, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)`,
    [hashOf(token), session.sessionId, session.caseId, session.reportId, now.toISOString(), session.expiresAt.toISOString()],
  );
  return { token, session };
};

/** The live session of a cookie's token, or undefined (unknown, ended, or past its hour). */
export const resolvePortalSession = async (db: Queryable, token: string | undefined, now: Date): Promise<PortalSession | undefined> => {
  if (token === undefined || !tokenPattern.test(token)) return undefined;
  const [row] = rowsOf(
    await db.query(
      `select session_id, case_id, report_id, expires_at from ${PORTAL_SESSIONS_TABLE} where token_hash = $1 and expires_at > $2`,
      [hashOf(token), now.toISOString()],
    ),
  );
  if (!row) return undefined;
  return {
    sessionId: String(row['session_id']),
    caseId: String(row['case_id']),
    reportId: String(row['report_id']),
    expiresAt: new Date(row['expires_at'] as Date),
  };
};

/** Ends sessions past their hour; they are refused anyway, this only keeps the table small. */
export const purgeEndedPortalSessions = async (db: Queryable, now: Date): Promise<void> => {
  await db.query(`delete from ${PORTAL_SESSIONS_TABLE} where expires_at <= $1`, [now.toISOString()]);
};
