import { createHash, createHmac } from 'node:crypto';
import type { Queryable } from '@ketenregie/event-store';

export const PORTAL_LINKS_TABLE = 'feedback_portal_links';

/** The template tells the referrer this; the two must change together. */
export const portalLinkValidDays = 14;

export const portalLinkSchema = [
  `create table if not exists ${PORTAL_LINKS_TABLE} (
     token_hash text primary key,
     message_id text not null unique,
     case_id text not null,
     report_id text not null,
     expires_at timestamptz not null,
     used_at timestamptz
   )`,
];

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * The link's token is derived from the message id with a secret key, so a message sent again after
 * a crash carries the very same link; only its hash is stored, so a database reader cannot use one.
 */
export const portalLinkToken = (secret: Buffer, messageId: string): string =>
  createHmac('sha256', secret).update(`ketenregie:portal-link:${messageId}`).digest('base64url');

export type PortalLinkSettings = { secret: Buffer; baseUrl: string };

export const expiryOf = (queuedAt: string): Date => new Date(new Date(queuedAt).getTime() + portalLinkValidDays * 24 * 60 * 60 * 1000);

export type LinkedMessage = { messageId: string; caseId: string; reportId: string; queuedAt: string };

/**
 * Stores the links' hashes (once per message, for a whole batch in one statement) and returns each
 * message's link for its mail, by message id.
 */
export const issuePortalLinks = async (
  db: Queryable,
  settings: PortalLinkSettings,
  messages: readonly LinkedMessage[],
): Promise<Map<string, string>> => {
  const links = new Map<string, string>();
  if (messages.length === 0) return links;
  const rows = messages.map((message) => {
    const token = portalLinkToken(settings.secret, message.messageId);
    links.set(message.messageId, `${settings.baseUrl.replace(/\/+$/, '')}/melder/link/${token}`);
    return {
      token_hash: hashOf(token),
      message_id: message.messageId,
      case_id: message.caseId,
      report_id: message.reportId,
      expires_at: expiryOf(message.queuedAt).toISOString(),
    };
  });
  await db.query(
    `insert into ${PORTAL_LINKS_TABLE} (token_hash, message_id, case_id, report_id, expires_at)
     select token_hash, message_id, case_id, report_id, expires_at
       from jsonb_to_recordset($1::jsonb) as r(token_hash text, message_id text, case_id text, report_id text, expires_at timestamptz)
     on conflict (message_id) do nothing`,
    [JSON.stringify(rows)],
  );
  return links;
};

export type RedeemedLink = { messageId: string; caseId: string; reportId: string };

/** Uses the link up: the first call within its validity gets the report it opens, every later one nothing. */
export const redeemPortalLink = async (db: Queryable, token: string, now: Date): Promise<RedeemedLink | undefined> => {
  const rows = (await db.query(
    `update ${PORTAL_LINKS_TABLE} set used_at = $2
      where token_hash = $1 and used_at is null and expires_at > $2
      returning message_id, case_id, report_id`,
    [hashOf(token), now.toISOString()],
  )) as { message_id: string; case_id: string; report_id: string }[] | [unknown[], number];
  // TypeORM answers an update ... returning with [rows, count]; node-postgres with the rows.
  const list = (Array.isArray(rows[0]) ? rows[0] : rows) as { message_id: string; case_id: string; report_id: string }[];
  const row = list[0];
  return row ? { messageId: row.message_id, caseId: row.case_id, reportId: row.report_id } : undefined;
};
