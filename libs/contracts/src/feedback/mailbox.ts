import { z } from 'zod';
import { instantOutput } from '../dates';
import { pageNumberParam, pageSizeParam } from '../paging';

export const mailboxQuerySchema = z.strictObject({
  page: pageNumberParam(),
  pageSize: pageSizeParam(100, 25),
});

export type MailboxQuery = z.output<typeof mailboxQuerySchema>;

export const mailboxMessageSchema = z.object({
  messageId: z.string().describe('Het berichtnummer; ook de Message-ID van de e-mail.'),
  caseId: z.string().describe('De casus waar de terugkoppeling over gaat.'),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  body: z.string().describe('De tekst precies zoals de melder hem leest, met de persoonlijke link.'),
  storedAt: instantOutput(),
});

export const mailboxPageSchema = z.object({
  items: z.array(mailboxMessageSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  hasMore: z.boolean(),
});

export type MailboxMessageView = z.output<typeof mailboxMessageSchema>;
export type MailboxPage = z.output<typeof mailboxPageSchema>;
