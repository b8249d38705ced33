import { createTransport } from 'nodemailer';
import type { Queryable } from '@ketenregie/event-store';

export type OutgoingMail = {
  /** The message id: sent as the `Message-ID` header, so a receiver can drop a repeat. */
  messageId: string;
  /** The case the message is about: the local mailbox logs each read of it against the case. */
  caseId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
};

/**
 * `transient`: try again later (4xx, connection trouble); `permanent`: the server refused it (5xx),
 * or it was never offered to one (no SMTP code) because its recipient cannot be sent to.
 */
export type SendResult =
  | { kind: 'accepted'; smtpCode: number }
  | { kind: 'transient'; smtpCode: number | null; reason: string }
  | { kind: 'permanent'; smtpCode: number | null; reason: string };

export type MailTransport = {
  readonly kind: 'smtp' | 'local-mailbox';
  send: (mail: OutgoingMail) => Promise<SendResult>;
  close: () => Promise<void>;
};

/** `<id@domain>`, the domain taken from the sender address. */
export const messageIdHeader = (messageId: string, from: string): string => `<${messageId}@${from.split('@')[1] ?? 'ketenregie.local'}>`;

type SmtpError = { responseCode?: number; code?: string };

const classify = (error: unknown): SendResult => {
  const { responseCode, code } = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  // The reason names the server's answer or the failure kind only: the mail's text stays out of logs and events.
  const reason = responseCode !== undefined ? `SMTP ${responseCode}` : (code ?? 'unknown error');
  if (responseCode !== undefined && responseCode >= 500) return { kind: 'permanent', smtpCode: responseCode, reason };
  return { kind: 'transient', smtpCode: responseCode ?? null, reason };
};

export type SmtpTransportOptions = {
  /** `smtp://user:pass@host:587` or `smtps://...` (nodemailer's connection URL). */
  url: string;
  /** Connections kept open and reused; sending is bound by round trips, not by CPU. */
  maxConnections?: number;
  /**
   * Longest a single attempt may take. Must stay well below the delivery lease: a send still
   * running when its lease ran out could meet a second one of the same message.
   */
  timeoutMs?: number;
};

export const smtpTransport = (options: SmtpTransportOptions): MailTransport => {
  const timeout = options.timeoutMs ?? 20_000;
  const mailer = createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections ?? 4,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    kind: 'smtp',
    send: async (mail) => {
      try {
        const info = await mailer.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: messageIdHeader(mail.messageId, mail.from),
        });
        const code = Number(/^(\d{3})/.exec(String(info.response ?? ''))?.[1] ?? 250);
        return { kind: 'accepted', smtpCode: code };
      } catch (error) {
        return classify(error);
      }
    },
    close: async () => mailer.close(),
  };
};

export const LOCAL_MAILBOX_TABLE = 'feedback_local_mailbox';

export const localMailboxSchema = [
  `create table if not exists ${LOCAL_MAILBOX_TABLE} (
     message_id text primary key,
     message_id_header text not null,
     case_id text not null,
     sender text not null,
     recipient text not null,
     subject text not null,
     body text not null,
     stored_at timestamptz not null default now()
   )`,
];

/**
 * Without an SMTP server (`SMTP_URL` unset) outgoing mail is kept in a table that administrators
 * read in the app, so a fresh `npm start` shows what would have been sent. Keyed by the message
 * id, like a receiver that drops repeats.
 */
export const localMailboxTransport = (db: Queryable): MailTransport => ({
  kind: 'local-mailbox',
  send: async (mail) => {
    await db.query(
      `insert into ${LOCAL_MAILBOX_TABLE} (message_id, message_id_header, case_id, sender, recipient, subject, body)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (message_id) do nothing`,
      [mail.messageId, messageIdHeader(mail.messageId, mail.from), mail.caseId, mail.from, mail.to, mail.subject, mail.text],
    );
    return { kind: 'accepted', smtpCode: 250 };
  },
  close: async () => undefined,
});
