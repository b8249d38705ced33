import type { Queryable } from '@ketenregie/event-store';
import type { MailboxMessageView } from '@ketenregie/contracts';
import { LOCAL_MAILBOX_TABLE } from '../delivery/mail-transport';

type Row = { message_id: string; case_id: string; sender: string; recipient: string; subject: string; body: string; stored_at: Date };

/** One page of the local mailbox, newest first; one row more than asked tells whether there is a next page. */
export const readLocalMailbox = async (
  db: Queryable,
  page: number,
  pageSize: number,
): Promise<{ items: MailboxMessageView[]; hasMore: boolean }> => {
  const rows = (await db.query(
    `select message_id, case_id, sender, recipient, subject, body, stored_at from ${LOCAL_MAILBOX_TABLE}
      order by stored_at desc, message_id limit $1 offset $2`,
    [pageSize + 1, (page - 1) * pageSize],
  )) as Row[];
  return {
    items: rows.slice(0, pageSize).map((row) => ({
      messageId: row.message_id,
      caseId: row.case_id,
      from: row.sender,
      to: row.recipient,
      subject: row.subject,
      body: row.body,
      storedAt: row.stored_at.toISOString(),
    })),
    hasMore: rows.length > pageSize,
  };
};
