import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { apiOperations } from '@ketenregie/cases-server';
import { caseCommandResultSchema, isStorableText, problemSchema, readinessSchema, unstorableTextCode } from '@ketenregie/contracts';
import type { CaseCommandResult, OpenApiOperation } from '@ketenregie/contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import type { SignedIn, TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import type { TextField } from '../test-support/schema-fields';
import { fieldName, sampleOf, textFieldsOf, withField } from '../test-support/schema-fields';
import { testApiConfig } from '../test-support/test-config';

// The boundary's property: arbitrary Unicode (U+0000, lone surrogates, right-to-left marks, 4-byte
// emoji, combining marks, any code point) in every text field of every command never answers 5xx,
// text PostgreSQL cannot store is a 400 naming that field, and afterwards every projection's lag
// returns to 0 and every case a command was accepted for is readable.
//
// The commands and their text fields come from the OpenAPI table (`apiOperations`, which the
// OpenAPI test keeps equal to the router) and the zod schemas in it: a new command or field is
// fuzzed without being listed here. What cannot be derived is the case a command needs: below,
// per command, the state of a fresh case it applies to and a valid body, one field of which is
// replaced per request. A command without such a plan is still fuzzed, on an assessed case with a
// body sampled from its schema, and named in the output so that one can be added.
//
// Test data only: invented professionals and families.

const runsPerField = Number(process.env.UNICODE_RUNS_PER_FIELD ?? 6);
const seed = Number(process.env.UNICODE_SEED ?? 20261010);

type UserKey = 'anna' | 'bram' | 'carla';

const users: Record<
  UserKey,
  { userId: string; organisationId: string; displayName: string; roles: ['veilig-thuis-professional' | 'team-sociaal-consultant'] }
> = {
  anna: { userId: 'vt-anna', organisationId: 'vt-zhz', displayName: 'Anna de Vries', roles: ['veilig-thuis-professional'] },
  bram: { userId: 'vt-bram', organisationId: 'vt-zhz', displayName: 'Bram Visser', roles: ['veilig-thuis-professional'] },
  carla: { userId: 'ts-carla', organisationId: 'ts-gorinchem', displayName: 'Carla Bakker', roles: ['team-sociaal-consultant'] },
};

const organisations = {
  vt: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const },
  ts: { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' as const },
  lev: { organisationId: 'lev', name: 'Lev Groep', kind: 'other' as const },
};

const director = (key: UserKey) => ({
  person: { personId: users[key].userId, name: users[key].displayName },
  organisation: key === 'carla' ? organisations.ts : organisations.vt,
});

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

// Distinct names and dates of birth per family, so no intake is refused as an already known family.
let families = 0;
const familyName = (n: number): string =>
  `Zee${[...(n + 26 * 27).toString(26)].map((digit) => String.fromCharCode(97 + parseInt(digit, 26))).join('')}`;
const birthDate = (year: number, n: number): string =>
  `${year + (Math.floor(n / 336) % 20)}-${String((Math.floor(n / 28) % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`;

const intake = () => {
  const n = families++;
  const name = familyName(n);
  const address = {
    street: 'Lingewal',
    houseNumber: String(1 + (n % 300)),
    houseNumberAddition: 'A',
    postcode: '4201 AB',
    city: 'Gorinchem',
    municipality: 'Gorinchem',
  };
  return {
    newFamily: true,
    referrer: {
      kind: 'professional',
      name: 'Els Jansen',
      organisation: 'OBS De Linge',
      role: 'intern begeleider',
      contact: { email: 'e.jansen@example.org', phone: '0183 123 456' },
    },
    sourceCategory: 'education-childcare',
    formsOfViolence: ['child-abuse'],
    concern: 'Zorgen over de veiligheid thuis.',
    household: {
      address,
      members: [
        {
          memberId: 'adult',
          role: 'adult',
          name: { givenNames: 'Jan', prefix: 'van', familyName: name },
          dateOfBirth: birthDate(1960, n),
          address,
        },
        {
          memberId: 'child',
          role: 'child',
          name: { givenNames: 'Sara', prefix: 'van', familyName: name },
          dateOfBirth: birthDate(2012, n),
        },
        // Entered twice under another spelling without a date of birth: what a director merges or removes.
        { memberId: 'twice', role: 'child', name: { givenNames: 'Sarah', familyName: name }, dateOfBirth: null },
      ],
    },
    receivedBy: director('anna'),
  };
};

/** A case as a command needs it, with the ids its path names. */
type CaseContext = { caseId: string; ids: Record<string, string> };

type StageName =
  | 'none'
  | 'opened'
  | 'assessing'
  | 'assessed'
  | 'handover-offered'
  | 'handed-over'
  | 'rappels-scheduled'
  | 'conditions'
  | 'condition-added'
  | 'investigating'
  | 'partner'
  | 'flagged';

type Plan = {
  stage: StageName;
  as: UserKey;
  body: (context: CaseContext) => unknown;
  params?: Record<string, string>;
};

const reason = { reason: 'Zo afgesproken met het gezin.' };
const owner = { organisation: organisations.vt, person: director('anna').person };

/** Per command (operationId): the fresh case it applies to, who sends it, and a valid body. */
const plans: Record<string, Plan> = {
  registerReport: { stage: 'none', as: 'anna', body: intake },
  registerAdviceRequest: { stage: 'none', as: 'anna', body: intake },
  acknowledgeRecidivismFlag: { stage: 'flagged', as: 'anna', body: () => ({}) },
  offerHandover: { stage: 'assessed', as: 'anna', body: () => ({ to: director('carla'), phase: 'stable-safety', ...reason }) },
  acceptHandover: { stage: 'handover-offered', as: 'carla', body: () => ({}) },
  declineHandover: { stage: 'handover-offered', as: 'carla', body: () => reason },
  withdrawHandover: { stage: 'handover-offered', as: 'anna', body: () => reason },
  escalateCase: { stage: 'handed-over', as: 'carla', body: () => ({ to: director('anna'), phase: 'immediate-safety', ...reason }) },
  changePhase: { stage: 'opened', as: 'anna', body: () => ({ phase: 'stable-safety', ...reason }) },
  registerChainPartner: {
    stage: 'opened',
    as: 'anna',
    body: () => ({
      organisation: organisations.lev,
      contact: { personId: 'lev-pieter', name: 'Pieter de Lange', email: 'p.delange@example.org', phone: '0183 654 321' },
      role: 'aid-provider',
      task: 'Ambulante gezinsbegeleiding',
    }),
  },
  endChainPartnerInvolvement: { stage: 'partner', as: 'anna', body: () => reason },
  registerAcuteUnsafety: { stage: 'opened', as: 'anna', body: () => ({ measures: 'Politie ingeschakeld; kind bij oma.' }) },
  startSafetyAssessment: { stage: 'opened', as: 'anna', body: () => ({}) },
  completeSafetyAssessment: { stage: 'assessing', as: 'anna', body: () => ({ acuteUnsafety: false, structuralUnsafety: true }) },
  startConditionsAndFollowUp: { stage: 'assessed', as: 'anna', body: () => reason },
  startInvestigation: { stage: 'assessed', as: 'anna', body: () => ({}) },
  completeInvestigation: { stage: 'investigating', as: 'anna', body: () => ({ conclusion: 'Hulp in het vrijwillig kader.' }) },
  requestChildProtectionInvestigation: { stage: 'assessed', as: 'anna', body: () => reason },
  // Assessed as unsafe without a route: closing needs its reason.
  closeCase: {
    stage: 'assessed',
    as: 'anna',
    body: () => ({ outcome: 'safety-established', notes: 'Veiligheid hersteld met het netwerk.' }),
  },
  mergeMembers: { stage: 'opened', as: 'anna', body: () => ({ survivingMemberId: 'child', mergedMemberId: 'twice', ...reason }) },
  removeMember: { stage: 'opened', as: 'anna', params: { memberId: 'twice' }, body: () => reason },
  addSafetyCondition: { stage: 'conditions', as: 'anna', body: () => ({ text: 'Geen geweld meer.', owner, dueOn: inDays(30) }) },
  reviseSafetyCondition: {
    stage: 'condition-added',
    as: 'anna',
    body: () => ({ text: 'Geen fysiek of verbaal geweld meer.', owner, dueOn: inDays(40), ...reason }),
  },
  recordSafetyConditionStatus: { stage: 'condition-added', as: 'anna', body: () => ({ status: 'met', notes: 'Nagekomen.' }) },
  updatePlanPart: {
    stage: 'assessed',
    as: 'anna',
    params: { part: 'aid' },
    body: () => ({
      description: 'Gezinsbegeleiding twee keer per week.',
      agreements: [{ agreementId: 'a1', text: 'Opvoedondersteuning', owner: { organisation: organisations.ts }, dueOn: inDays(60) }],
    }),
  },
  scheduleRappels: { stage: 'handed-over', as: 'anna', body: () => ({ owner: director('anna'), offsetsInMonths: [3, 6] }) },
  recordRappelOutcome: { stage: 'rappels-scheduled', as: 'anna', body: () => ({ outcome: 'safe', notes: 'Het gaat goed.' }) },
};

// ------------------------------------------------------------------ the values

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const forbidden = fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF');
const insert = ([text, at, inserted]: [string, number, string]): string => {
  const index = at % (text.length + 1);
  return text.slice(0, index) + inserted + text.slice(index);
};

const textValue = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'Dorpsstraat\u0000',
      '\u0000',
      'שלום\u200F',
      '\u202Eevil\u202C',
      '\u200E\u200F',
      '😀',
      '👨‍👩‍👧‍👦 🏳️‍🌈',
      'e\u0301\u0308',
      'Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334',
      '\uFFFE\uFFFF',
      '\uFEFF',
      '\u{10FFFF}',
      '\u0001\u001F\u007F',
      ' ',
      '',
      '0000-01-01',
      '2023-02-30',
      '9999-12-31',
      '%00',
      '\\u0000',
      "'; drop table case_summaries; --",
      'x'.repeat(10_001),
    ),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }) },
  { weight: 3, arbitrary: fc.tuple(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.nat(), forbidden).map(insert) },
  { weight: 1, arbitrary: fc.string({ unit: codeUnit, minLength: 1, maxLength: 20 }) },
);

// ------------------------------------------------------------------ the test

describe('arbitrary Unicode in every text field of every command (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let accounts: TestAccounts;
  const sessions = new Map<UserKey, SignedIn>();

  beforeAll(async () => {
    database = await createTestDatabase('api_unicode');
    api = await startApi({ config: testApiConfig(database.url) });
    accounts = await testAccounts(database.url);
    for (const key of Object.keys(users) as UserKey[]) sessions.set(key, await accounts.signInAs(api.url, users[key]));
  }, 120_000);

  afterAll(async () => {
    await accounts?.close();
    await api?.close();
    await database?.drop();
  });

  type Reply = { status: number; contentType: string; body: unknown };

  const post = async (path: string, as: UserKey, body: unknown): Promise<Reply> => {
    const session = sessions.get(as);
    if (!session) throw new Error(`${as} is not signed in`);
    const response = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { ...session.headers, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
  };

  let setUpRequests = 0;

  /** A set-up step that must succeed: the walk through a case's life is not under test here. */
  const step = async (path: string, as: UserKey, body: unknown): Promise<CaseCommandResult> => {
    setUpRequests++;
    const reply = await post(`/api/v1/cases${path}`, as, body);
    if (reply.status >= 300) throw new Error(`set-up ${path} as ${as} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return caseCommandResultSchema.parse(reply.body);
  };

  const stages: Record<StageName, () => Promise<CaseContext>> = {
    none: () => Promise.resolve({ caseId: '', ids: {} }),
    opened: async () => {
      const opened = await step('/reports', 'anna', intake());
      const reportId = opened.ids['reportId'];
      return { caseId: opened.caseId, ids: { reportId, assessmentId: reportId } };
    },
    assessing: async () => {
      const context = await stages.opened();
      await step(`/${context.caseId}/safety-assessments/${context.ids['assessmentId']}/start`, 'anna', {});
      return context;
    },
    assessed: async () => {
      const context = await stages.assessing();
      await step(`/${context.caseId}/safety-assessments/${context.ids['assessmentId']}/complete`, 'anna', {
        acuteUnsafety: false,
        structuralUnsafety: true,
      });
      return context;
    },
    'handover-offered': async () => {
      const context = await stages.assessed();
      const offered = await step(`/${context.caseId}/handovers`, 'anna', plans['offerHandover'].body(context));
      return { ...context, ids: { ...context.ids, handoverId: offered.ids['handoverId'] } };
    },
    'handed-over': async () => {
      const context = await stages['handover-offered']();
      await step(`/${context.caseId}/handovers/${context.ids['handoverId']}/accept`, 'carla', {});
      return context;
    },
    'rappels-scheduled': async () => {
      const context = await stages['handed-over']();
      const scheduled = await step(`/${context.caseId}/rappel-schedules`, 'anna', plans['scheduleRappels'].body(context));
      return { ...context, ids: { ...context.ids, rappelId: `${scheduled.ids['scheduleId']}-1` } };
    },
    conditions: async () => {
      const context = await stages.assessed();
      await step(`/${context.caseId}/conditions-and-follow-up`, 'anna', reason);
      return context;
    },
    'condition-added': async () => {
      const context = await stages.conditions();
      const added = await step(`/${context.caseId}/safety-conditions`, 'anna', plans['addSafetyCondition'].body(context));
      return { ...context, ids: { ...context.ids, conditionId: added.ids['conditionId'] } };
    },
    investigating: async () => {
      const context = await stages.assessed();
      const started = await step(`/${context.caseId}/investigations`, 'anna', {});
      return { ...context, ids: { ...context.ids, investigationId: started.ids['investigationId'] } };
    },
    partner: async () => {
      const context = await stages.opened();
      const registered = await step(`/${context.caseId}/chain-partners`, 'anna', plans['registerChainPartner'].body(context));
      return { ...context, ids: { ...context.ids, partnerId: registered.ids['partnerId'] } };
    },
    flagged: async () => {
      const context = await stages.assessed();
      await step(`/${context.caseId}/close`, 'anna', { outcome: 'safety-established', notes: 'Veiligheid hersteld met het netwerk.' });
      // A new report on the closed family: a repeat report, with a flag named after the report.
      const { newFamily: _newFamily, ...repeat } = intake();
      const reported = await step('/reports', 'anna', { ...repeat, caseId: context.caseId });
      return { ...context, ids: { ...context.ids, flagId: reported.ids['reportId'] } };
    },
  };

  const pathOf = (operation: OpenApiOperation, context: CaseContext, params: Record<string, string> = {}): string =>
    operation.path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) =>
      encodeURIComponent(params[name] ?? (name === 'caseId' ? context.caseId : (context.ids[name] ?? `unknown-${name}`))),
    );

  it('never answers 5xx, refuses unstorable text naming the field, and leaves every projection caught up', async () => {
    const commands = apiOperations.filter((operation) => operation.command && operation.body);
    expect(commands.length).toBeGreaterThanOrEqual(Object.keys(plans).length);

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const touched = new Map<string, string>();
    const unplanned: string[] = [];
    let requests = 0;
    let fuzzed = 0;
    let reads = 0;
    let fields = 0;

    const record = (reply: Reply, what: string): void => {
      requests++;
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      if (reply.status >= 500) failures.push(`${what} -> ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`);
      else if (reply.status >= 400 && !reply.contentType.startsWith('application/problem+json'))
        failures.push(`${what} -> ${reply.status} as ${reply.contentType}`);
    };

    const fuzz = async (operation: OpenApiOperation, index: number): Promise<void> => {
      const schema = operation.body!.schema;
      const plan: Plan = plans[operation.operationId] ?? { stage: 'assessed', as: 'anna', body: () => sampleOf(schema) };
      if (!plans[operation.operationId]) unplanned.push(operation.operationId);
      const textFields: TextField[] = textFieldsOf(schema);
      fields += textFields.length;
      let context: CaseContext | undefined;
      const fresh = async (): Promise<CaseContext> => (context ??= await stages[plan.stage]());

      // The plan itself must be a command the case accepts, or the fuzzing below proves little.
      if (plans[operation.operationId]) {
        const base = await fresh();
        const reply = await post(pathOf(operation, base, plan.params), plan.as, plan.body(base));
        record(reply, `${operation.operationId} (valid body)`);
        if (reply.status >= 300) {
          failures.push(
            `${operation.operationId}: its valid body (case ${plan.stage}, as ${plan.as}) answered ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`,
          );
        } else {
          const result = caseCommandResultSchema.parse(reply.body);
          touched.set(result.caseId, result.checkpoint);
          if (result.events.length > 0) context = undefined;
        }
      }
      if (textFields.length === 0) return;

      let run = 0;
      await fc.assert(
        fc.asyncProperty(textValue, async (value) => {
          const field = textFields[run++ % textFields.length];
          const name = fieldName(field.path);
          const target = await fresh();
          const reply = await post(pathOf(operation, target, plan.params), plan.as, withField(plan.body(target), field, value));
          const what = `${operation.operationId} ${name}=${JSON.stringify(value).slice(0, 60)}`;
          record(reply, what);
          fuzzed++;
          if (!isStorableText(value)) {
            const errors = reply.status === 400 ? (problemSchema.safeParse(reply.body).data?.errors ?? []) : [];
            if (!errors.some((error) => error.path === name && error.code === unstorableTextCode)) {
              failures.push(`${what}: expected 400 naming ${name}, got ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`);
            }
          } else if (reply.status < 300) {
            const result = caseCommandResultSchema.parse(reply.body);
            touched.set(result.caseId, result.checkpoint);
            // Recorded something: the case has moved on, the next request gets a fresh one.
            if (result.events.length > 0) context = undefined;
          }
          return true;
        }),
        { numRuns: textFields.length * runsPerField, seed: seed + index, endOnFailure: true },
      );
    };

    for (const [index, operation] of commands.entries()) {
      // A case that cannot be set up is this command's failure; the other commands still run.
      await fuzz(operation, index).catch((error: unknown) => failures.push(`${operation.operationId}: ${String(error).slice(0, 400)}`));
    }

    // Every projection catches up: none is stuck on a value it cannot store.
    const deadline = Date.now() + 30_000;
    let lags: { name: string; lag: number }[] = [];
    let readyStatus = 0;
    let caughtUp = false;
    for (;;) {
      const response = await fetch(`${api.url}/health/ready`);
      readyStatus = response.status;
      const readiness = readinessSchema.parse(await response.json());
      lags = readiness.projections.map(({ name, lag }) => ({ name, lag }));
      caughtUp = readyStatus === 200 && readiness.status === 'ok' && lags.length > 0 && lags.every(({ lag }) => lag === 0);
      if (caughtUp) break;
      if (Date.now() > deadline) {
        failures.push(`projections did not catch up (readiness ${readyStatus}): ${JSON.stringify(lags)}`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // Every case a command was accepted for is readable, detail and timeline (once caught up:
    // a stuck read model would hold each read for its whole wait).
    const reader = sessions.get('anna')!.headers;
    for (const [caseId, checkpoint] of caughtUp ? touched : []) {
      const after = `after=${encodeURIComponent(checkpoint)}`;
      for (const path of [
        `/api/v1/cases/${encodeURIComponent(caseId)}?${after}`,
        `/api/v1/cases/${encodeURIComponent(caseId)}/timeline?${after}`,
      ]) {
        const response = await fetch(`${api.url}${path}`, { headers: reader });
        reads++;
        if (response.status !== 200) failures.push(`GET ${path} -> ${response.status}: ${(await response.text()).slice(0, 200)}`);
        else await response.arrayBuffer();
      }
    }

    const fiveXx = [...statuses.entries()].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
    const summary = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    process.stdout.write(
      `unicode property: ${commands.length} commands, ${fields} text fields: ${requests} command requests (${fuzzed} with a fuzzed field), ` +
        `${fiveXx} answered 5xx [${summary}]; ${touched.size} cases read back (${reads} reads); ${setUpRequests} set-up commands` +
        `${unplanned.length ? `; fuzzed on a sampled body, without a plan: ${unplanned.join(', ')}` : ''}\n`,
    );
    expect(failures).toEqual([]);
  }, 300_000);
});
