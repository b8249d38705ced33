import { demoAccountsSchema, problemSchema } from '@ketenregie/contracts';
import type { DemoAccountList } from '@ketenregie/contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { signIn } from '../test-support/accounts';
import type { RunningApiProcess } from '../test-support/api-process';
import { startApiProcess } from '../test-support/api-process';
import { demoAccounts } from './demo-accounts';

type PrintedAccount = { role: string; username: string; password: string };

const printedAccounts = (stdout: string): PrintedAccount[] =>
  [...stdout.matchAll(/^Demo account ([a-z-]+): username (\S+) {2}password (\S+) {2}\(.+\(DEMO\)\)$/gm)].map(
    ([, role, username, password]) => ({
      role,
      username,
      password,
    }),
  );

/** The sign-in page's list, fetched as the page does: without a session. */
const listedAccounts = async (url: string): Promise<{ status: number; type: string | null; body: unknown }> => {
  const response = await fetch(`${url}/api/v1/auth/demo-accounts`);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
};

const asPrinted = (list: DemoAccountList): PrintedAccount[] =>
  list.accounts.map(({ role, username, password }) => ({ role, username, password }));

describe('demo accounts (SEED_DEMO)', () => {
  let database: TestDatabase;
  const apis: RunningApiProcess[] = [];

  // The smallest demo region: the accounts are the subject here, not the cases.
  const start = async (seedDemo: boolean): Promise<RunningApiProcess> => {
    const api = await startApiProcess({ DATABASE_URL: database.url, PORT: '0', SEED_DEMO: String(seedDemo), DEMO_SCALE: '0.01' }, 90_000);
    apis.push(api);
    return api;
  };

  beforeAll(async () => {
    database = await createTestDatabase('auth_demo_accounts');
  });

  afterAll(async () => {
    for (const api of apis) await api.stop();
    await database?.drop();
  });

  it('prints an account per role (a referrer of each demo referring organisation) with a fresh password at every start, and disables them when the demo is off', async () => {
    const first = await start(true);
    const printed = printedAccounts(first.stdout());
    expect(printed.map((account) => account.role)).toEqual([
      'veilig-thuis-professional',
      'team-sociaal-consultant',
      'chain-partner',
      'referrer',
      'referrer',
      'referrer',
      'policy-analyst',
      'privacy-officer',
      'administrator',
    ]);
    for (const account of printed) {
      const { session } = await signIn(first.url, account.username, account.password);
      const expected = demoAccounts.find((candidate) => candidate.userId === account.username);
      expect(session.user).toEqual({
        userId: expected?.userId,
        displayName: expected?.displayName,
        organisationId: expected?.organisationId,
        organisationName: expect.stringContaining('(DEMO)') as unknown,
        roles: [account.role],
      });
      expect(session.user.displayName).toContain('(DEMO)');
    }
    // The sign-in page lists the same accounts and passwords, each marked DEMO, with its organisation.
    const options = await (await fetch(`${first.url}/api/v1/auth/sign-in-options`)).json();
    expect(options).toEqual({ oidc: false, demoAccounts: true });
    const listed = await listedAccounts(first.url);
    expect(listed.status).toBe(200);
    const list = demoAccountsSchema.strict().parse(listed.body);
    expect(asPrinted(list)).toEqual(printed);
    expect(list.accounts.every((account) => account.displayName.endsWith('(DEMO)'))).toBe(true);
    expect(list.accounts.map((account) => account.organisation)).toEqual(
      demoAccounts.map((account) => ({ organisationId: account.organisationId, name: expect.stringContaining('(DEMO)') as unknown })),
    );
    expect(list.accounts.find((account) => account.role === 'team-sociaal-consultant')?.organisation.name).toBe(
      'Team Sociaal Merwestad (DEMO)',
    );
    // The two case workers are directors of demo cases.
    expect(printed.slice(0, 2).map((account) => account.username)).toEqual(['demo-vt-anouk', 'demo-ts-iris']);
    // Their colleagues have accounts (never printed), so a hand-over in the demo can name any of them.
    const anouk = await signIn(first.url, printed[0].username, printed[0].password);
    const team = (await (await fetch(`${first.url}/api/v1/organisations/demo-ts-merwestad/people`, { headers: anouk.headers })).json()) as {
      people: { personId: string; displayName: string }[];
    };
    expect(team.people.map((person) => person.personId).sort()).toEqual([
      'demo-ts-iris',
      'demo-ts-jeroen',
      'demo-ts-karim',
      'demo-ts-lotte',
      'demo-ts-maarten',
    ]);
    expect(team.people.every((person) => person.displayName.endsWith('(DEMO)'))).toBe(true);
    await first.stop();

    const second = await start(true);
    const again = printedAccounts(second.stdout());
    expect(again.map((account) => account.username)).toEqual(printed.map((account) => account.username));
    for (const [index, account] of again.entries()) expect(account.password).not.toBe(printed[index].password);
    await expect(signIn(second.url, printed[0].username, printed[0].password)).rejects.toThrow(/401/);
    await signIn(second.url, again[0].username, again[0].password);
    expect(asPrinted(demoAccountsSchema.parse((await listedAccounts(second.url)).body))).toEqual(again);
    await second.stop();

    const off = await start(false);
    expect(off.stdout()).not.toContain('Demo account');
    for (const account of again) await expect(signIn(off.url, account.username, account.password)).rejects.toThrow(/401/);
    // With the demo off there are no demo accounts to list: 404, problem+json.
    expect(await (await fetch(`${off.url}/api/v1/auth/sign-in-options`)).json()).toEqual({ oidc: false, demoAccounts: false });
    const none = await listedAccounts(off.url);
    expect({ status: none.status, type: none.type }).toEqual({ status: 404, type: expect.stringContaining('application/problem+json') });
    expect(problemSchema.parse(none.body)).toMatchObject({ status: 404, type: 'urn:ketenregie:problem:auth.demo-off' });
  }, 240_000);
});
