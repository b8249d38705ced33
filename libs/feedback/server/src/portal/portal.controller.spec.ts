import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { attachPrincipal } from '@ketenregie/access-contracts';
import type { AccessLogPort } from '@ketenregie/access-contracts';
import { createOrganisationDirectory } from '@ketenregie/access-domain';
import type { CaseSignalsPort, PortalSignal } from '@ketenregie/contracts';
import type { Principal } from '@ketenregie/kernel';
import { PortalController } from './portal.controller';

// Unit level: the database answers from a fixed report row and the cases context's port is a
// recorder, so what the route hands over can be read exactly. Against PostgreSQL and the real port
// this runs in the app's tests.

const directory = createOrganisationDirectory([
  { organisationId: 'obs-de-linge', name: 'OBS De Linge', kind: 'referrer-organisation', municipalities: [] },
  { organisationId: 'vt-zhz', name: 'Veilig Thuis', kind: 'veilig-thuis', municipalities: ['Gorinchem'] },
]);

const principal = (userId: string, organisationId: string, role: Principal['roles'][number]): Principal =>
  ({ userId, organisationId, displayName: userId, roles: [role], authenticatedBy: 'local' }) as Principal;

const reportRow = (closed: boolean) => ({
  report_id: 'r-1',
  case_id: 'c-1',
  assessment_id: 'r-1',
  reference: 'r-1',
  received_on: '2026-03-02',
  audience: 'professional',
  account_person_id: 'ref-linge',
  account_organisation_id: 'obs-de-linge',
  status: 'assessing',
  family_id: 'f-1',
  closed,
});

const database = (options: { closed?: boolean; sessionToken?: string } = {}) =>
  ({
    query: async (sql: string, parameters: unknown[] = []) => {
      if (sql.includes('from feedback_portal_sessions')) {
        return options.sessionToken !== undefined
          ? [{ session_id: 'link-session-1', case_id: 'c-1', report_id: 'r-1', expires_at: new Date(Date.now() + 60_000) }]
          : [];
      }
      if (sql.includes('from feedback_portal_reports')) {
        const asked = parameters.at(-1);
        return asked === 'r-1' ? [reportRow(options.closed ?? false)] : [];
      }
      return [];
    },
  }) as unknown as DataSource;

const accessLog: AccessLogPort = {
  record: async () => undefined,
  recordAll: async () => undefined,
  recordPending: async () => ({ complete: async () => undefined }),
  recordWithin: async () => undefined,
};

const recorder = () => {
  const calls: PortalSignal[] = [];
  const port: CaseSignalsPort = {
    raiseFromPortal: async (signal) => {
      calls.push(signal);
      return { signalId: `s-${calls.length}` };
    },
  };
  return { calls, port };
};

const request = (options: { as?: Principal; cookie?: string; origin?: string; key?: string; reportId?: string }): Request => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.cookie) headers['cookie'] = `ketenregie_portal=${options.cookie}`;
  if (options.origin) headers['origin'] = options.origin;
  if (options.key !== undefined) headers['idempotency-key'] = options.key;
  const built = {
    headers,
    host: 'ketenregie.example',
    params: { reportId: options.reportId ?? 'r-1' },
    body: { kind: 'aid-stalls', reason: '  Sinds drie weken geen contact.  ' },
    is: (type: string) => (type === 'application/json' ? type : false),
  } as unknown as Request;
  if (options.as) attachPrincipal(built, options.as);
  return built;
};

const linkToken = 'a'.repeat(43);

describe('a signal from the portal goes to the case through the cases context', () => {
  it("hands a signed-in referrer's signal over with their principal and a key scoped to them", async () => {
    const { calls, port } = recorder();
    const controller = new PortalController(database(), accessLog, directory, port);
    const referrer = principal('ref-linge', 'obs-de-linge', 'referrer');
    await expect(controller.raise(request({ as: referrer, key: 'k-1' }))).resolves.toEqual({ signalId: 's-1' });
    await controller.raise(request({ as: referrer, key: 'k-1' }));
    expect(calls[0]).toMatchObject({
      caseId: 'c-1',
      reportId: 'r-1',
      kind: 'aid-stalls',
      reason: 'Sinds drie weken geen contact.',
      via: { kind: 'account', principal: referrer },
    });
    // A retry carries the same key; the raw key never travels, so another visitor's equal key is another key.
    expect(calls[1].idempotencyKey).toBe(calls[0].idempotencyKey);
    expect(calls[0].idempotencyKey).not.toBe('k-1');
  });

  it("hands a link session's signal over by the session's id, only from this site", async () => {
    const { calls, port } = recorder();
    const controller = new PortalController(database({ sessionToken: linkToken }), accessLog, directory, port);
    await controller.raise(request({ cookie: linkToken, key: 'k-1', origin: 'https://ketenregie.example' }));
    expect(calls[0]).toMatchObject({ caseId: 'c-1', reportId: 'r-1', via: { kind: 'portal-link', linkSessionId: 'link-session-1' } });
    await expect(controller.raise(request({ cookie: linkToken, key: 'k-2', origin: 'https://elders.example' }))).rejects.toMatchObject({
      status: 403,
    });
    expect(calls).toHaveLength(1);
  });

  it('refuses a report not theirs as unknown, a closed case, a missing key, and someone without a portal', async () => {
    const { calls, port } = recorder();
    const referrer = principal('ref-linge', 'obs-de-linge', 'referrer');
    const controller = new PortalController(database(), accessLog, directory, port);
    await expect(controller.raise(request({ as: referrer, key: 'k', reportId: 'r-other' }))).rejects.toMatchObject({ status: 404 });
    await expect(controller.raise(request({ as: referrer }))).rejects.toMatchObject({ status: 428 });
    const closed = new PortalController(database({ closed: true }), accessLog, directory, port);
    await expect(closed.raise(request({ as: referrer, key: 'k' }))).rejects.toMatchObject({ status: 422 });
    await expect(
      controller.raise(request({ as: principal('vt-anna', 'vt-zhz', 'veilig-thuis-professional'), key: 'k' })),
    ).rejects.toMatchObject({
      status: 403,
    });
    await expect(controller.raise(request({ key: 'k' }))).rejects.toMatchObject({ status: 401 });
    expect(calls).toHaveLength(0);
  });

  it('says so when the app has not wired the cases context in', async () => {
    const controller = new PortalController(database(), accessLog, directory, null);
    await expect(controller.raise(request({ as: principal('ref-linge', 'obs-de-linge', 'referrer'), key: 'k' }))).rejects.toMatchObject({
      status: 503,
    });
  });
});
