import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { messageIdHeader: string; from: string; to: string[]; raw: string };

export type TestSmtpServer = {
  url: string;
  /** Every DATA the server answered 250 to, repeats included. */
  received: ReceivedMail[];
  /** One per Message-ID: what a receiver that drops repeats keeps. */
  accepted: Map<string, ReceivedMail>;
  /** Refuse the next attempts with this code (421 or 451: try again later; 550: refused). */
  refuseNext: (count: number, code: number) => void;
  close: () => Promise<void>;
};

const headerOf = (raw: string, name: string): string => {
  const match = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(raw);
  return match?.[1]?.trim() ?? '';
};

/** A real SMTP server on a free local port, keeping what it receives in memory. */
export const startTestSmtpServer = async (options: { delayMs?: number } = {}): Promise<TestSmtpServer> => {
  const received: ReceivedMail[] = [];
  const accepted = new Map<string, ReceivedMail>();
  let refusals: { count: number; code: number } = { count: 0, code: 451 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const finish = () => {
          if (refusals.count > 0) {
            refusals = { ...refusals, count: refusals.count - 1 };
            const error = Object.assign(new Error('Probeer het later opnieuw'), { responseCode: refusals.code });
            callback(error);
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          const mail: ReceivedMail = {
            messageIdHeader: headerOf(raw, 'Message-ID'),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw,
          };
          received.push(mail);
          // Like a real receiver: a repeat of a Message-ID it already has is acknowledged and dropped.
          if (!accepted.has(mail.messageIdHeader)) accepted.set(mail.messageIdHeader, mail);
          callback();
        };
        if (options.delayMs) setTimeout(finish, options.delayMs);
        else finish();
      });
    },
  });
  // A client killed mid-transaction (the crash test's `kill -9`) resets its connection; a real
  // receiver logs that and goes on, and so does this one instead of failing the test run.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    accepted,
    refuseNext: (count, code) => (refusals = { count, code }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** The text body of a received single-part mail, with quoted-printable undone. */
export const textBodyOf = (raw: string): string => {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(headers)) return body.replace(/\r\n/g, '\n');
  const bytes: number[] = [];
  const joined = body.replace(/=\r\n/g, '');
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
};
