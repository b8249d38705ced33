import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { mailboxPageSchema } from '@ketenregie/contracts';
import { queueFeedback } from '@ketenregie/feedback-server';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import type { TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import { testApiConfig } from '../test-support/test-config';

const teacher: Parameters<typeof queueFeedback>[1]['referrer'] = {
  kind: 'outside-professional',
  name: 'J. de Juf',
  organisation: 'Basisschool De Linde',
  email: 'juf@delinde.example',
  namingEndangers: false,
  feedback: { kind: 'granted', channel: 'email' },
};

const query = async (url: string, text: string, values: unknown[]): Promise<Record<string, unknown>[]> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
};

describe('the app delivers feedback into its local mailbox without SMTP_URL, for the administrator only', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let accounts: TestAccounts;

  beforeAll(async () => {
    database = await createTestDatabase('feedback_mailbox');
    api = await startApi({ config: testApiConfig(database.url) });
    accounts = await testAccounts(database.url);
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await accounts?.close();
    await database?.drop();
  });

  it('mails a queued message into the mailbox, shows it to the administrator and logs the read against the case', async () => {
    const caseId = randomUUID();
    const messageId = randomUUID();
    const queued = await queueFeedback(api.infrastructure.eventStore, {
      messageId,
      caseId,
      // The encrypting store seals the recipient and text with the family's key.
      familyId: randomUUID(),
      reportId: randomUUID(),
      referrer: teacher,
      milestone: {
        kind: 'report-received',
        reference: 'VT-2026-00007',
        receivedAt: '2026-03-02T09:00:00Z',
        context: { otherReportCount: 0, otherReferrers: [] },
      },
      hasPlanRole: false,
      locale: 'nl',
      metadata: { now: new Date().toISOString() },
    });
    expect(queued.kind).toBe('queued');

    const admin = await accounts.signInAs(api.url, { userId: 'adm-beheer', organisationId: 'beheer', roles: ['administrator'] });
    let page = mailboxPageSchema.parse({ items: [], page: 1, pageSize: 25, hasMore: false });
    for (let tries = 0; tries < 100 && page.items.length === 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const response = await fetch(`${api.url}/api/v1/admin/mailbox`, { headers: admin.headers });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      page = mailboxPageSchema.parse(await response.json());
    }
    expect(page.items).toHaveLength(1);
    const [mail] = page.items;
    expect(mail).toMatchObject({ messageId, caseId, to: 'juf@delinde.example', subject: 'Uw melding VT-2026-00007: melding ontvangen' });
    expect(mail.body).toContain('Dit bericht gaat over uw melding met kenmerk VT-2026-00007.');
    expect(mail.body).toMatch(/\/melder\/link\/[A-Za-z0-9_-]{20,}/);

    const logged = await query(database.url, `select action, route, actor_role from access_log where subject_id = $1 order by sequence`, [
      caseId,
    ]);
    expect(logged).toContainEqual({ action: 'read', route: 'GET /api/v1/admin/mailbox', actor_role: 'administrator' });
    const events = await api.infrastructure.eventStore.readStream(`feedback-${caseId}`);
    expect(events.map((event) => event.type)).toEqual(['feedback.message-queued', 'feedback.message-delivered']);
  });

  it('refuses anyone else', async () => {
    const officer = await accounts.signInAs(api.url, { userId: 'po-beheer', organisationId: 'beheer', roles: ['privacy-officer'] });
    expect((await fetch(`${api.url}/api/v1/admin/mailbox`, { headers: officer.headers })).status).toBe(403);
    expect((await fetch(`${api.url}/api/v1/admin/mailbox`)).status).toBe(401);
  });
});
