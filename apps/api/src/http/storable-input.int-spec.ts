import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { caseCommandResultSchema, problemSchema } from '@ketenregie/contracts';
import type { Problem, RegisterReportBody } from '@ketenregie/contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import type { SignedIn, TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import { testApiConfig } from '../test-support/test-config';

// The reproductions of the hostile-input probe, each a 400 naming the field now:
// U+0000 or a lone surrogate in a body field, a path id, an access-log filter, the sign-in
// username, a grant-review note or a header, and dates no case can have. Before, each answered
// 500, or 200 and then stopped the case register for every later case.
//
// Test data only: invented professionals and families.

const nul = 'Bevat een teken dat niet kan worden opgeslagen (U+0000).';
const loneSurrogate = (unit: string) => `Bevat een teken dat niet kan worden opgeslagen (U+${unit}).`;

const vt = { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const };
const anna = { userId: 'vt-anna', organisationId: 'vt-zhz', displayName: 'Anna de Vries', roles: ['veilig-thuis-professional' as const] };
const eva = { userId: 'vt-eva', organisationId: 'vt-utrecht', displayName: 'Eva Mol', roles: ['veilig-thuis-professional' as const] };
const pim = { userId: 'pim', organisationId: 'beheer', displayName: 'Pim Pieters', roles: ['privacy-officer' as const] };

let families = 0;
const report = (overrides: { street?: string; givenNames?: string } = {}): RegisterReportBody => {
  const n = families++;
  return {
    newFamily: true,
    referrer: {
      kind: 'professional',
      name: 'Els Jansen',
      organisation: 'OBS De Linge',
      role: 'intern begeleider',
      contact: { email: 'e.jansen@example.org' },
    },
    sourceCategory: 'education-childcare',
    formsOfViolence: ['child-abuse'],
    concern: 'Zorgen over de veiligheid thuis.',
    household: {
      address: { street: overrides.street ?? 'Dorpsstraat', houseNumber: String(n + 1), postcode: '4201 AB', municipality: 'Gorinchem' },
      members: [
        {
          role: 'child',
          name: { givenNames: overrides.givenNames ?? `Kind${n}`, familyName: 'Grens' },
          dateOfBirth: `2015-01-${String(n + 1).padStart(2, '0')}`,
        },
      ],
    },
    receivedBy: { person: { personId: anna.userId, name: anna.displayName }, organisation: vt },
  };
};

describe('text PostgreSQL cannot store is refused at the boundary (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let accounts: TestAccounts;
  let asAnna: SignedIn;
  let asEva: SignedIn;
  let asPim: SignedIn;
  let caseId: string;
  let grantId: string;

  type Reply = { status: number; problem?: Problem; body: unknown };

  const send = async (
    method: string,
    path: string,
    as: SignedIn | undefined,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        ...(as?.headers ?? {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(method === 'POST' && path.startsWith('/api/v1/cases') ? { 'Idempotency-Key': randomUUID() } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    const isProblem = (response.headers.get('content-type') ?? '').startsWith('application/problem+json');
    return { status: response.status, body: parsed, ...(isProblem ? { problem: problemSchema.parse(parsed) } : {}) };
  };

  /** A 400 whose errors name exactly these fields, with these messages where given. */
  const refused = (reply: Reply, ...expected: { path: string; message?: string }[]): void => {
    expect({ status: reply.status, detail: reply.problem?.detail }).toEqual({ status: 400, detail: expect.any(String) });
    const errors = reply.problem?.errors ?? [];
    expect([...new Set(errors.map((error) => error.path))].sort()).toEqual(expected.map((error) => error.path).sort());
    for (const { path, message } of expected) if (message) expect(errors).toContainEqual(expect.objectContaining({ path, message }));
  };

  beforeAll(async () => {
    database = await createTestDatabase('storable_input');
    api = await startApi({ config: testApiConfig(database.url) });
    accounts = await testAccounts(database.url);
    asAnna = await accounts.signInAs(api.url, anna);
    asEva = await accounts.signInAs(api.url, eva);
    asPim = await accounts.signInAs(api.url, pim);
    const opened = await send('POST', '/api/v1/cases/reports', asAnna, report());
    expect(opened.status).toBe(201);
    const result = caseCommandResultSchema.parse(opened.body);
    caseId = result.caseId;
    // Break-the-glass reads the case register: let it catch up first.
    expect((await send('GET', `/api/v1/cases/${caseId}?after=${encodeURIComponent(result.checkpoint)}`, asAnna)).status).toBe(200);
    const grant = await send('POST', `/api/v1/cases/${caseId}/emergency-access`, asEva, {
      reason: 'Crisisdienst: kind op de spoedeisende hulp, veiligheid thuis onbekend.',
    });
    expect(grant.status).toBe(201);
    grantId = (grant.body as { grantId: string }).grantId;
  }, 120_000);

  afterAll(async () => {
    await accounts?.close();
    await api?.close();
    await database?.drop();
  });

  it("refuses the issue's street with U+0000, and a new family's member name with a lone surrogate, naming the field", async () => {
    refused(await send('POST', '/api/v1/cases/reports', asAnna, report({ street: 'Dorpsstraat\u0000' })), {
      path: 'household.address.street',
      message: nul,
    });
    refused(await send('POST', '/api/v1/cases/reports', asAnna, report({ givenNames: 'Sa\uD800ra' })), {
      path: 'household.members.0.name.givenNames',
      message: loneSurrogate('D800'),
    });
    // The same with the JSON escapes a client would send, and in a key instead of a value.
    const escaped = JSON.stringify(report()).replace('"concern":"', '"concern":"\\udfff');
    refused(await send('POST', '/api/v1/cases/reports', asAnna, escaped), { path: 'concern', message: loneSurrogate('DFFF') });
    refused(await send('POST', `/api/v1/cases/${caseId}/phase`, asAnna, { phase: 'recovery', reason: 'Herstel.', ['x\u0000']: 1 }), {
      path: '',
    });
  });

  it('keeps the read models running: a later intake is readable at once, and no projection lags', async () => {
    const opened = await send('POST', '/api/v1/cases/reports', asAnna, report({ street: 'Dorpsstraat \u200F😀' }));
    expect(opened.status).toBe(201);
    const { caseId: later, checkpoint } = caseCommandResultSchema.parse(opened.body);
    const read = await send('GET', `/api/v1/cases/${later}?after=${encodeURIComponent(checkpoint)}`, asAnna);
    expect(read.status).toBe(200);
    expect((read.body as { household: { address: { street: string } } }).household.address.street).toBe('Dorpsstraat \u200F😀');
    // The intake also starts work that appends after it (the referrer's feedback), so the read
    // models are caught up once the log stops growing, not at the intake's own checkpoint.
    const lagging = async () => {
      const ready = await send('GET', '/health/ready', undefined);
      expect(ready.status).toBe(200);
      return (ready.body as { projections: { name: string; lag: number }[] }).projections.filter((projection) => projection.lag !== 0);
    };
    let behind = await lagging();
    for (const until = Date.now() + 10_000; behind.length > 0 && Date.now() < until; behind = await lagging()) {
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(behind).toEqual([]);
  });

  it('refuses U+0000 in path ids with 400 naming the parameter; a well-formed unknown id stays 404', async () => {
    refused(await send('GET', '/api/v1/cases/case%00', asAnna), { path: 'params.caseId', message: nul });
    refused(await send('GET', '/api/v1/cases/%00/timeline', asAnna), { path: 'params.caseId' });
    refused(await send('POST', `/api/v1/cases/${caseId}/handovers/h%00/accept`, asAnna, {}), { path: 'params.handoverId' });
    refused(await send('POST', '/api/v1/cases/%00/emergency-access', asEva, { reason: 'Crisisdienst: kind op de spoedeisende hulp.' }), {
      path: 'params.caseId',
    });
    refused(await send('GET', '/api/v1/access-log/export/family%00', asPim), { path: 'params.familyId' });
    refused(await send('POST', '/api/v1/emergency-grants/%00/review', asPim, { outcome: 'justified' }), { path: 'params.grantId' });
    expect((await send('GET', '/api/v1/cases/no-such-case', asAnna)).status).toBe(404);
    expect((await send('POST', '/api/v1/emergency-grants/no-such-grant/review', asPim, { outcome: 'justified' })).status).toBe(404);
  });

  it('refuses U+0000 in access-log filters and other query parameters, naming them', async () => {
    refused(await send('GET', '/api/v1/access-log?familyId=f%00', asPim), { path: 'query.familyId', message: nul });
    refused(await send('GET', '/api/v1/access-log?userId=%00&caseId=c%00', asPim), { path: 'query.caseId' }, { path: 'query.userId' });
    refused(await send('GET', `/api/v1/worklists/my-cases?after=%00`, asAnna), { path: 'query.after' });
    refused(await send('POST', '/api/v1/families/search', asAnna, { givenNames: 'Sa\u0000ra', familyName: 'Grens' }), {
      path: 'givenNames',
    });
    // A lone surrogate cannot be written in a URL: its UTF-8 bytes are invalid and read as U+FFFD.
    expect((await send('GET', '/api/v1/access-log?userId=%ED%A0%80', asPim)).status).toBe(200);
  });

  it('refuses a body nested thousands deep with 400 naming where it goes too deep, signed in or not, instead of a 500', async () => {
    const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    const tooDeep = { path: `${Array(33).fill('a').join('.')}`, message: 'Te diep genest: hoogstens 32 niveaus.' };
    refused(await send('POST', '/api/v1/auth/sign-in', undefined, deep(4_000)), tooDeep);
    refused(await send('POST', `/api/v1/cases/${caseId}/phase`, asAnna, deep(4_000)), tooDeep);
    refused(await send('POST', '/api/v1/auth/sign-in', undefined, `${'['.repeat(49_000)}${']'.repeat(49_000)}`), {
      path: Array(33).fill('0').join('.'),
    });
  });

  it('refuses the sign-in username and password with U+0000 or a lone surrogate', async () => {
    refused(await send('POST', '/api/v1/auth/sign-in', undefined, { username: 'vt-anna\u0000', password: 'whatever-it-is' }), {
      path: 'username',
      message: nul,
    });
    refused(await send('POST', '/api/v1/auth/sign-in', undefined, '{"username":"vt-\\ud800anna","password":"whatever-it-is"}'), {
      path: 'username',
      message: loneSurrogate('D800'),
    });
    refused(await send('POST', '/api/v1/auth/sign-in', undefined, { username: 'vt-anna', password: 'pass\u0000word' }), {
      path: 'password',
    });
  });

  it('refuses a grant-review note and a break-the-glass reason with such text, and the grant stays unreviewed', async () => {
    refused(
      await send('POST', `/api/v1/emergency-grants/${grantId}/review`, asPim, { outcome: 'unjustified', note: 'Geen\u0000 reden.' }),
      { path: 'note', message: nul },
    );
    refused(
      await send('POST', `/api/v1/emergency-grants/${grantId}/review`, asPim, '{"outcome":"unjustified","note":"Geen \\udc00reden."}'),
      {
        path: 'note',
        message: loneSurrogate('DC00'),
      },
    );
    refused(
      await send('POST', `/api/v1/cases/${caseId}/emergency-access`, asEva, {
        reason: 'Crisisdienst: kind op de spoedeisende hulp\u0000.',
      }),
      { path: 'reason' },
    );
    const reviewed = await send('POST', `/api/v1/emergency-grants/${grantId}/review`, asPim, {
      outcome: 'justified',
      note: 'Terecht ✔ 👍',
    });
    expect(reviewed.status).toBe(200);
  });

  it('refuses headers the API reads when they are not what it stores, naming them', async () => {
    refused(
      await send(
        'POST',
        `/api/v1/cases/${caseId}/phase`,
        asAnna,
        { phase: 'recovery', reason: 'Herstel.' },
        { 'Idempotency-Key': 'sleutel-ÿ' },
      ),
      {
        path: 'headers.idempotency-key',
      },
    );
    refused(
      await send('POST', `/api/v1/cases/${caseId}/phase`, asAnna, { phase: 'recovery', reason: 'Herstel.' }, { 'If-Match': 'W/"1"ÿ' }),
      { path: 'headers.if-match' },
    );
  });

  it('answers a NUL byte in a header with 400 from the HTTP parser, before the app', async () => {
    const { port } = new URL(api.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString('latin1')));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
      socket.end(
        `POST /api/v1/cases/${caseId}/phase HTTP/1.1\r\nHost: localhost\r\nIdempotency-Key: k\u0000ey\r\nContent-Length: 2\r\n\r\n{}`,
        'latin1',
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('answers 400 naming query.asOf for days no case can have been in, instead of a 500', async () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    for (const asOf of [
      '0001-01-01',
      '0000-01-01',
      '1900-01-01',
      '2014-12-31',
      '2023-02-30',
      '2023-13-01',
      tomorrow,
      '9999-12-31',
      '2024-1-1',
    ]) {
      refused(await send('GET', `/api/v1/cases/${caseId}?asOf=${asOf}`, asAnna), { path: 'query.asOf' });
    }
    // The first possible day is a day the case did not exist yet.
    expect((await send('GET', `/api/v1/cases/${caseId}?asOf=2015-01-01`, asAnna)).status).toBe(404);
  });

  it('answers 400 naming the filter for access-log moments PostgreSQL cannot hold or nothing was logged in', async () => {
    for (const moment of ['0000-01-01', '0001-01-01', '2014-12-31', '0000-01-01T00:00:00Z', '2014-12-31T23:00:00-01:00']) {
      refused(await send('GET', `/api/v1/access-log?from=${encodeURIComponent(moment)}`, asPim), { path: 'query.from' });
      refused(await send('GET', `/api/v1/access-log?to=${encodeURIComponent(moment)}`, asPim), { path: 'query.to' });
    }
    expect(
      (await send('GET', `/api/v1/access-log?from=2015-01-01&to=${encodeURIComponent('9999-12-31T23:59:59+14:00')}`, asPim)).status,
    ).toBe(200);
    expect((await send('GET', `/api/v1/access-log?page=${Number.MAX_SAFE_INTEGER}&pageSize=100`, asPim)).status).toBe(200);
    expect((await send('GET', `/api/v1/cases/${caseId}/timeline?page=${Number.MAX_SAFE_INTEGER}&pageSize=1000`, asAnna)).status).toBe(200);
  });
});
