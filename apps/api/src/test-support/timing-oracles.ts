import { randomBytes, randomUUID } from 'node:crypto';
import type { RegisterReportBody } from '@ketenregie/contracts';
import { caseCommandResultSchema } from '@ketenregie/contracts';
import type { TimedGroup } from '@ketenregie/testing';
import type { SignedIn, TestAccounts } from './accounts';
import { testPassword } from './accounts';

/**
 * What an outsider can time: the same refusal for something that exists and for something that
 * does not. Each scenario pairs the two; `measureInterleaved` times them. Shared by the
 * integration test (a bound on the difference) and `npm run bench:oracles` (the figures).
 */
export type OracleScenario = { title: string; existing: TimedGroup; unknown: TimedGroup };

// Test data only: invented professionals and an invented household.
const director = { userId: 'oracle-vt-anna', organisationId: 'vt-zhz', roles: ['veilig-thuis-professional' as const] };
// A Veilig Thuis professional of another region: no relation to the case, so every answer is the
// unknown-case 404; the one outsider whose refusal also asks the break-the-glass grants.
const outsider = { userId: 'oracle-vt-ugo', organisationId: 'vt-utrecht', roles: ['veilig-thuis-professional' as const] };

// Each existing username is tried fewer times than the lockout allows (5): an attacker
// enumerating usernames tries each once, so the account is not locked when it is tried.
const triesPerAccount = 4;

const reportBody = (tag: string): RegisterReportBody => ({
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
  concern: 'Sara vertelt over harde klappen thuis.',
  household: {
    address: { street: 'Orakelweg', houseNumber: '7', postcode: '4201 OR', municipality: 'Gorinchem' },
    members: [
      { role: 'adult', name: { givenNames: 'Jan', familyName: `Orakel ${tag}` }, dateOfBirth: '1981-03-04' },
      { role: 'child', name: { givenNames: 'Sara', familyName: `Orakel ${tag}` }, dateOfBirth: '2015-06-07' },
    ],
  },
  receivedBy: {
    person: { personId: director.userId, name: 'Anna de Vries' },
    organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' },
  },
});

const drain = async (response: Response, expected: number): Promise<void> => {
  await response.arrayBuffer();
  if (response.status !== expected) throw new Error(`expected ${expected}, got ${response.status}`);
};

/**
 * Accounts, a case with some history and the outsider's session; then the scenarios, for up to
 * `tries` timed tries per group (warm-up included).
 */
export const oracleScenarios = async (apiUrl: string, accounts: TestAccounts, tries: number): Promise<OracleScenario[]> => {
  const tag = randomBytes(4).toString('hex');
  const existingAccounts = Math.ceil(tries / triesPerAccount);
  const usernames: string[] = [];
  for (let index = 0; index < existingAccounts; index += 1) {
    const userId = `oracle-${tag}-${index}`;
    await accounts.create({ userId, organisationId: 'vt-zhz' }, testPassword());
    usernames.push(userId);
  }
  const signIn = (username: string) => (): Promise<void> =>
    fetch(`${apiUrl}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: 'wrong-password-1234' }),
    }).then((response) => drain(response, 401));

  const anna = await accounts.signInAs(apiUrl, director);
  const ugo = await accounts.signInAs(apiUrl, outsider);
  const caseId = await openCaseWithHistory(apiUrl, anna, tag);
  const unknownCaseId = (): string => randomUUID();

  const read = (who: SignedIn, id: () => string) => (): Promise<void> =>
    fetch(`${apiUrl}/api/v1/cases/${id()}`, { headers: { Cookie: who.cookie } }).then((response) => drain(response, 404));
  const command = (who: SignedIn, id: () => string) => (): Promise<void> =>
    fetch(`${apiUrl}/api/v1/cases/${id()}/acute-unsafety`, {
      method: 'POST',
      headers: { ...who.headers, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ measures: 'Politie ter plaatse.' }),
    }).then((response) => drain(response, 404));

  return [
    {
      title: 'sign-in with a wrong password: existing username vs unknown username',
      existing: {
        name: 'existing username',
        run: (index) => signIn(usernames[(index + existingAccounts * triesPerAccount) % existingAccounts])(),
      },
      unknown: { name: 'unknown username', run: () => signIn(`oracle-${tag}-nobody-${randomBytes(4).toString('hex')}`)() },
    },
    {
      title: 'case read by a professional without a relation: existing case vs unknown id (404 both)',
      existing: { name: 'existing case', run: read(ugo, () => caseId) },
      unknown: { name: 'unknown id', run: read(ugo, unknownCaseId) },
    },
    {
      title: 'case command by a professional without a relation: existing case vs unknown id (404 both)',
      existing: { name: 'existing case', run: command(ugo, () => caseId) },
      unknown: { name: 'unknown id', run: command(ugo, unknownCaseId) },
    },
  ];
};

/** A case of some length, as a probed case would be: its stream is read and folded on every command. */
const openCaseWithHistory = async (apiUrl: string, director: SignedIn, tag: string): Promise<string> => {
  const post = async (path: string, body: unknown): Promise<{ caseId: string; checkpoint: string }> => {
    const response = await fetch(`${apiUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { ...director.headers, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`set-up: POST ${path} answered ${response.status}: ${await response.text()}`);
    return caseCommandResultSchema.parse(await response.json());
  };
  const opened = await post('/cases/reports', reportBody(tag));
  for (let index = 0; index < 20; index += 1) {
    await post(`/cases/${opened.caseId}/plan/parts/aid`, { description: `Gezinscoach, afspraak ${index}.`, agreements: [] });
  }
  return opened.caseId;
};
