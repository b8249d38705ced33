import { randomUUID } from 'node:crypto';
import {
  accessRoutes,
  apiBasePath,
  caseCommandResultSchema,
  familySearchResultSchema,
  feedbackRoutes,
  handoverOfferPageSchema,
  myTasksPageSchema,
  rappelPlannerSchema,
  problemSchema,
  systemRoutes,
  worklistPageSchema,
  worklistCountsSchema,
  organisationListSchema,
  municipalityListSchema,
  worklistFacetsSchema,
  worklistNames,
} from '@ketenregie/contracts';
import type { CaseCommandResult, RegisterReportBody } from '@ketenregie/contracts';
import type { Role } from '@ketenregie/kernel';
import { caseCommandRoutes, caseQueryRoutes, worklistRoutes } from '@ketenregie/cases-server';
import { routeKey } from '@ketenregie/platform-http';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import { routesOfApp } from '../test-support/router-routes';
import { testApiConfig } from '../test-support/test-config';
import type { TestAccounts } from '../test-support/accounts';
import { signIn, testAccounts } from '../test-support/accounts';

// The authorisation matrix: every route the running app registers, called as every role in every
// relation to one small world of cases, over real HTTP with real sign-in. The routes are read from
// the app's router at run time, so a new endpoint fails this test until it has a row here.
//
// Outcomes are asserted exactly: 200/201/204/304 where allowed, 404 where the case's existence
// must not leak (the same problem as for an unknown case), 403 where the user may know the case
// exists, 401 without sign-in. Commands are probed with a stale If-Match: a permitted command gets
// past need-to-know to the version check (412) and changes nothing, a refused one never sees the
// version. The state-changing calls (new intakes, break-the-glass, sign-out, a grant review) run
// after all reads, so they cannot change what the reads expect.
//
// Test data only: invented professionals, organisations and families.

type SubjectKey =
  | 'vtDirector'
  | 'vtTeam'
  | 'vtOtherRegion'
  | 'vtEmergency'
  | 'tsDirector'
  | 'tsTeam'
  | 'tsReceiver'
  | 'partnerWithTask'
  | 'partnerWithout'
  | 'referrer'
  | 'analyst'
  | 'privacyOfficer'
  | 'administrator'
  | 'anonymous';

type Subject = {
  key: SubjectKey;
  user?: { userId: string; organisationId: string; role: Role; name: string; kind: 'veilig-thuis' | 'local-team' | 'other' };
};

const user = (userId: string, organisationId: string, role: Role, name: string): Subject['user'] => ({
  userId,
  organisationId,
  role,
  name,
  kind: role === 'veilig-thuis-professional' ? 'veilig-thuis' : role === 'team-sociaal-consultant' ? 'local-team' : 'other',
});

// Organisations from the shared test directory (testing/test-organisations.json): Veilig Thuis
// ZHZ serves Gorinchem and Molenlanden, Veilig Thuis Utrecht serves Utrecht.
const subjects: Subject[] = [
  { key: 'vtDirector', user: user('vt-anna', 'vt-zhz', 'veilig-thuis-professional', 'Anna de Vries') },
  { key: 'vtTeam', user: user('vt-bram', 'vt-zhz', 'veilig-thuis-professional', 'Bram Visser') },
  { key: 'vtOtherRegion', user: user('vt-ugo', 'vt-utrecht', 'veilig-thuis-professional', 'Ugo Smit') },
  { key: 'vtEmergency', user: user('vt-eva', 'vt-utrecht', 'veilig-thuis-professional', 'Eva Mol') },
  { key: 'tsDirector', user: user('ts-carla', 'ts-gorinchem', 'team-sociaal-consultant', 'Carla Bakker') },
  { key: 'tsTeam', user: user('ts-cees', 'ts-gorinchem', 'team-sociaal-consultant', 'Cees Kok') },
  { key: 'tsReceiver', user: user('ts-daan', 'ts-molenlanden', 'team-sociaal-consultant', 'Daan Wit') },
  { key: 'partnerWithTask', user: user('jz-jet', 'jeugdzorg', 'chain-partner', 'Jet Jansen') },
  { key: 'partnerWithout', user: user('ggz-gert', 'ggz', 'chain-partner', 'Gert Groen') },
  { key: 'referrer', user: user('els', 'obs-de-linge', 'referrer', 'Els Verhoef') },
  { key: 'analyst', user: user('ana', 'gemeente-gorinchem', 'policy-analyst', 'Ana Arslan') },
  { key: 'privacyOfficer', user: user('pim', 'beheer', 'privacy-officer', 'Pim Pieters') },
  { key: 'administrator', user: user('adm', 'beheer', 'administrator', 'Ad Min') },
  { key: 'anonymous' },
];

/**
 * The world: A, a Veilig Thuis case (Gorinchem); B, a local-team case (Gorinchem); C, a Veilig
 * Thuis case in Molenlanden where Jeugdzorg owns a safety condition, the Gorinchem local team a
 * plan agreement, and GGZ's involvement ended; D, a case of the other region (Utrecht); E, a case
 * with a hand-over pending to the Molenlanden local team; X, a case id that does not exist.
 */
type CaseKey = 'A' | 'B' | 'C' | 'D' | 'E' | 'X';
const caseKeys: CaseKey[] = ['A', 'B', 'C', 'D', 'E', 'X'];

type Relation = 'director' | 'team' | 'receiver' | 'region' | 'emergency' | 'own-condition' | 'own-agreement' | 'none';

/**
 * Written out by hand, not computed by the policy under test: who stands in which relation to
 * which case. Referrer, analyst, privacy officer and administrator have none anywhere: referrers'
 * reports name them as text, not as accounts, so the referrer relation never matches yet.
 */
const relations: Record<Exclude<SubjectKey, 'anonymous'>, Record<Exclude<CaseKey, 'X'>, Relation>> = {
  vtDirector: { A: 'director', B: 'region', C: 'director', D: 'none', E: 'director' },
  vtTeam: { A: 'team', B: 'region', C: 'team', D: 'none', E: 'team' },
  vtOtherRegion: { A: 'none', B: 'none', C: 'none', D: 'director', E: 'none' },
  vtEmergency: { A: 'emergency', B: 'none', C: 'none', D: 'team', E: 'none' },
  tsDirector: { A: 'none', B: 'director', C: 'own-agreement', D: 'none', E: 'none' },
  tsTeam: { A: 'none', B: 'team', C: 'own-agreement', D: 'none', E: 'none' },
  tsReceiver: { A: 'none', B: 'none', C: 'none', D: 'none', E: 'receiver' },
  partnerWithTask: { A: 'none', B: 'none', C: 'own-condition', D: 'none', E: 'none' },
  partnerWithout: { A: 'none', B: 'none', C: 'none', D: 'none', E: 'none' },
  referrer: { A: 'none', B: 'none', C: 'none', D: 'none', E: 'none' },
  analyst: { A: 'none', B: 'none', C: 'none', D: 'none', E: 'none' },
  privacyOfficer: { A: 'none', B: 'none', C: 'none', D: 'none', E: 'none' },
  administrator: { A: 'none', B: 'none', C: 'none', D: 'none', E: 'none' },
};

const relationOf = (subject: Subject, caseKey: CaseKey): Relation =>
  caseKey === 'X' || subject.key === 'anonymous' ? 'none' : relations[subject.key][caseKey];

const fullRelations: readonly Relation[] = ['director', 'team', 'receiver', 'region', 'emergency'];
const seesWhole = (relation: Relation): boolean => fullRelations.includes(relation);
const hasTask = (relation: Relation): boolean => relation === 'own-condition' || relation === 'own-agreement';

const isVt = (subject: Subject): boolean => subject.user?.role === 'veilig-thuis-professional';
const directs = (subject: Subject): boolean => isVt(subject) || subject.user?.role === 'team-sociaal-consultant';

/** A stale If-Match got past need-to-know: the command was permitted, and nothing was written. */
const PERMITTED = 412;

// ------------------------------------------------------------------ expected outcomes

const caseRead = (subject: Subject, caseKey: CaseKey, allowed = 200): number => {
  if (!subject.user) return 401;
  const relation = relationOf(subject, caseKey);
  if (seesWhole(relation)) return allowed;
  return hasTask(relation) ? 403 : 404;
};

type CommandRule = { vtOnly: boolean; inEmergency?: boolean; ownCondition?: boolean };

const command =
  (rule: CommandRule) =>
  (subject: Subject, caseKey: CaseKey): number => {
    if (!subject.user) return 401;
    const relation = relationOf(subject, caseKey);
    if (relation === 'none') return 404;
    // A partner's own condition is its task; anyone else's is as unknown to it as the case.
    if (hasTask(relation)) return rule.ownCondition ? (relation === 'own-condition' ? PERMITTED : 404) : 403;
    if (relation === 'emergency') return rule.inEmergency ? PERMITTED : 403;
    return (rule.vtOnly ? isVt(subject) : directs(subject)) ? PERMITTED : 403;
  };

const directing = command({ vtOnly: false });

/**
 * A signal comes from outside the case's direction: a partner with a task for its own organisation
 * (no report named), or a referrer about their own report. Whoever sees the whole case records
 * what they know otherwise (403); a report that is not one's own is as unknown as the case (404).
 */
const signal =
  (onReport: boolean) =>
  (subject: Subject, caseKey: CaseKey): number => {
    if (!subject.user) return 401;
    const relation = relationOf(subject, caseKey);
    if (relation === 'none') return 404;
    if (hasTask(relation)) return onReport ? 404 : PERMITTED;
    return 403;
  };
const veiligThuis = command({ vtOnly: true });

const capability =
  (holders: readonly Role[], allowed = 200) =>
  (subject: Subject): number =>
    !subject.user ? 401 : holders.includes(subject.user.role) ? allowed : 403;

const emergencyAccess = (subject: Subject, caseKey: CaseKey): number => {
  if (!subject.user) return 401;
  const relation = relationOf(subject, caseKey);
  if (isVt(subject)) return caseKey === 'X' ? 404 : seesWhole(relation) ? 422 : 201;
  return relation === 'none' ? 404 : 403;
};

// ------------------------------------------------------------------ the running app and world

type World = {
  cases: Record<Exclude<CaseKey, 'X'>, { caseId: string; familyId: string; version: number }>;
  conditionId: string;
  handoverId: string;
  checkpoint: string;
  emergencyGrantId: string;
};

let database: TestDatabase;
let api: RunningApi;
let accounts: TestAccounts;
let world: World;
const passwords = new Map<SubjectKey, string>();
const sessions = new Map<SubjectKey, Record<string, string>>();

const unknownCaseId = 'matrix-unknown-case';
const caseIdOf = (caseKey: CaseKey): string => (caseKey === 'X' ? unknownCaseId : world.cases[caseKey].caseId);

const headersOf = (subject: Subject): Record<string, string> => sessions.get(subject.key) ?? {};

const directorOf = (subject: Subject) => {
  if (!subject.user)
    return {
      person: { personId: 'nobody', name: 'Niemand' },
      organisation: { organisationId: 'nowhere', name: 'Nergens', kind: 'other' as const },
    };
  return {
    person: { personId: subject.user.userId, name: subject.user.name },
    organisation: { organisationId: subject.user.organisationId, name: subject.user.organisationId, kind: subject.user.kind },
  };
};

const subject = (key: SubjectKey): Subject => {
  const found = subjects.find((candidate) => candidate.key === key);
  if (!found) throw new Error(key);
  return found;
};

let families = 0;
/** Every household at one address, so a search by address finds each family; names and births differ per family. */
const household = (municipality: string) => {
  const n = families++;
  return {
    address: { street: 'Matrixlaan', houseNumber: '7', postcode: '4201 MX', municipality },
    members: [
      {
        role: 'adult' as const,
        name: { givenNames: `Volwassene${n}`, familyName: 'Matrix' },
        dateOfBirth: `19${60 + (n % 30)}-0${1 + (n % 9)}-1${n % 10}`,
      },
      {
        role: 'child' as const,
        name: { givenNames: `Kind${n}`, familyName: 'Matrix' },
        dateOfBirth: `20${10 + (n % 10)}-0${1 + (n % 9)}-2${n % 8}`,
      },
    ],
  };
};

const reportBody = (by: Subject, municipality: string, extra: Partial<RegisterReportBody> = {}): RegisterReportBody => ({
  newFamily: true,
  referrer: {
    kind: 'professional',
    name: 'Els Verhoef',
    organisation: 'OBS De Linge',
    role: 'intern begeleider',
    contact: { email: 'els.verhoef@example.org' },
  },
  sourceCategory: 'education-childcare',
  formsOfViolence: ['child-abuse'],
  concern: 'Zorgen over het gezin.',
  household: household(municipality),
  receivedBy: directorOf(by),
  ...extra,
});

const send = (method: string, path: string, as: Subject, body?: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${api.url}${path}`, {
    method,
    headers: { ...headersOf(as), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const commandAs = async (as: Subject, path: string, body: unknown, status = 200): Promise<CaseCommandResult> => {
  const response = await send('POST', `/api/v1${path}`, as, body, { 'Idempotency-Key': randomUUID() });
  const text = await response.text();
  if (response.status !== status) throw new Error(`world set-up: ${path} as ${as.key} answered ${response.status}: ${text}`);
  return caseCommandResultSchema.parse(JSON.parse(text));
};

const buildWorld = async (): Promise<World> => {
  const anna = subject('vtDirector');
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const assess = async (opened: CaseCommandResult): Promise<CaseCommandResult> => {
    const path = `/cases/${opened.caseId}/safety-assessments/${opened.ids['reportId']}`;
    await commandAs(anna, `${path}/start`, {});
    return commandAs(anna, `${path}/complete`, { acuteUnsafety: false, structuralUnsafety: true });
  };
  const [a, b, c0, d, e0] = await Promise.all([
    commandAs(anna, '/cases/reports', reportBody(anna, 'Gorinchem'), 201),
    commandAs(subject('tsDirector'), '/cases/reports', reportBody(subject('tsDirector'), 'Gorinchem'), 201),
    commandAs(anna, '/cases/reports', reportBody(anna, 'Molenlanden'), 201),
    commandAs(subject('vtOtherRegion'), '/cases/reports', reportBody(subject('vtOtherRegion'), 'Utrecht'), 201),
    commandAs(anna, '/cases/reports', reportBody(anna, 'Gorinchem'), 201),
  ]);
  await assess(c0);
  const c = `/cases/${c0.caseId}`;
  await commandAs(anna, `${c}/conditions-and-follow-up`, { reason: 'Voorwaarden nodig.' });
  const ggz = await commandAs(anna, `${c}/chain-partners`, {
    organisation: { organisationId: 'ggz', name: 'GGZ Zuid', kind: 'other' },
    role: 'health',
    task: 'Behandeling vader',
  });
  await commandAs(anna, `${c}/chain-partners/${ggz.ids['partnerId']}/end`, { reason: 'Behandeling afgerond.' });
  const condition = await commandAs(anna, `${c}/safety-conditions`, {
    text: 'Kinderen gaan elke dag naar school.',
    owner: { organisation: { organisationId: 'jeugdzorg', name: 'Jeugdzorg Zuid', kind: 'other' } },
    dueOn: inDays(30),
  });
  const cFinal = await commandAs(anna, `${c}/plan/parts/aid`, {
    description: 'Opvoedondersteuning.',
    agreements: [
      {
        agreementId: 'ag-1',
        text: 'Wekelijks huisbezoek.',
        owner: { organisation: { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' } },
      },
    ],
  });
  await assess(e0);
  const offered = await commandAs(anna, `/cases/${e0.caseId}/handovers`, {
    to: directorOf(subject('tsReceiver')),
    reason: 'Hulp in het vrijwillig kader.',
    phase: 'stable-safety',
  });
  const emergency = await send('POST', `/api/v1/cases/${a.caseId}/emergency-access`, subject('vtEmergency'), {
    reason: 'Crisisdienst: kind op de spoedeisende hulp, veiligheid thuis onbekend.',
  });
  if (emergency.status !== 201) throw new Error(`world set-up: emergency access answered ${emergency.status}: ${await emergency.text()}`);
  const latest = { A: a, B: b, C: cFinal, D: d, E: offered };
  // The read models have the whole world once each case's last checkpoint has passed; the reads
  // below then pass one of them as `after`, which costs nothing more.
  for (const result of Object.values(latest)) {
    const caught = await fetch(`${api.url}/api/v1/worklists/my-cases?after=${encodeURIComponent(result.checkpoint)}`, {
      headers: headersOf(anna),
    });
    if (caught.status !== 200) throw new Error(`world set-up: read models answered ${caught.status}`);
  }
  const familyOf = async (caseId: string): Promise<string> => {
    const [row] = (await accounts.dataSource.query('select family_id from case_summaries where case_id = $1', [caseId])) as {
      family_id: string;
    }[];
    if (!row) throw new Error(`world set-up: ${caseId} is not in the read model`);
    return row.family_id;
  };
  const cases = {} as World['cases'];
  for (const key of ['A', 'B', 'C', 'D', 'E'] as const) {
    cases[key] = { caseId: latest[key].caseId, familyId: await familyOf(latest[key].caseId), version: latest[key].version };
  }
  return {
    cases,
    conditionId: condition.ids['conditionId'],
    handoverId: offered.ids['handoverId'],
    checkpoint: offered.checkpoint,
    emergencyGrantId: ((await emergency.json()) as { grantId: string }).grantId,
  };
};

// ------------------------------------------------------------------ the rows

type Phase = 'read' | 'change';

type CellContext = { subject: Subject; caseKey: CaseKey; caseId: string };

type Variant = {
  name: string;
  phase: Phase;
  /** Called once per case (A-E and the unknown X) or once per subject. */
  perCase: boolean;
  expected: (subject: Subject, caseKey: CaseKey) => number;
  request: (cell: CellContext) => Promise<Response>;
  /** Further checks on an allowed answer (lists: only visible cases, totals that agree). */
  check?: (cell: CellContext, body: unknown) => string | undefined;
};

type Row = { route: string; variants: Variant[] };

const after = (): string => `after=${encodeURIComponent(world.checkpoint)}`;

const probe = (path: (cell: CellContext) => string, body: (cell: CellContext) => unknown, expected: Variant['expected']): Variant => ({
  name: 'stale If-Match',
  phase: 'read',
  perCase: true,
  expected,
  request: (cell) =>
    send('POST', `/api/v1${path(cell)}`, cell.subject, body(cell), { 'Idempotency-Key': randomUUID(), 'If-Match': '"999999"' }),
});

const commandRow = (
  route: string,
  expected: Variant['expected'],
  body: (cell: CellContext) => unknown,
  path?: (cell: CellContext) => string,
): Row => ({
  route: `POST ${apiBasePath}${route}`,
  variants: [
    probe(
      path ?? ((cell) => route.replace(':caseId', cell.caseId).replace(/:([A-Za-z]+)/g, (_match, name: string) => `matrix-${name}`)),
      body,
      expected,
    ),
  ],
});

const get = (path: string, as: Subject, headers: Record<string, string> = {}) => send('GET', path, as, undefined, headers);

/** The world cases a subject sees in full through a relation (a grant opens a case by id, never a list). */
const listable = (subject: Subject): Set<string> =>
  new Set(
    (['A', 'B', 'C', 'D', 'E'] as const)
      .filter((key) => seesWhole(relationOf(subject, key)) && relationOf(subject, key) !== 'emergency')
      .map(caseIdOf),
  );

/** Cases whose safety assessment is still open (C and E were assessed to set them up). */
const openAssessment = new Set<CaseKey>(['A', 'B', 'D']);

const checkList = (cell: CellContext, body: unknown, exact?: Set<string>, schema = worklistPageSchema): string | undefined => {
  const page = schema.parse(body);
  const listed = page.items.map((item) => item.caseId);
  const visible = listable(cell.subject);
  const leaked = listed.filter((caseId) => !visible.has(caseId));
  if (leaked.length > 0) return `lists cases it may not see: ${leaked.join(', ')}`;
  if (page.total !== listed.length) return `total ${page.total} for ${listed.length} items`;
  if (exact && [...exact].sort().join() !== [...listed].sort().join())
    return `lists ${listed.join(', ')} instead of ${[...exact].join(', ')}`;
  return undefined;
};

/** The hand-over worklist answers with its own rows: the offer (from, to, kind, since) besides the usual columns. */
const worklistPageSchemas: Record<string, typeof worklistPageSchema> = { 'handovers-offered': handoverOfferPageSchema };

const worklistRow = (name: string, exact?: (subject: Subject) => Set<string>): Row => ({
  route: `GET ${apiBasePath}/worklists/${name}`,
  variants: [
    {
      name: 'all cases',
      phase: 'read',
      perCase: false,
      expected: capability(['veilig-thuis-professional', 'team-sociaal-consultant']),
      request: (cell) => get(`/api/v1/worklists/${name}?pageSize=100&${after()}`, cell.subject),
      check: (cell, body) => checkList(cell, body, exact?.(cell.subject), worklistPageSchemas[name]),
    },
    ...(name === 'handovers-offered'
      ? [
          {
            // E's offer names its receiver, so it is theirs by name too.
            name: 'mine',
            phase: 'read' as const,
            perCase: false,
            expected: capability(['veilig-thuis-professional', 'team-sociaal-consultant']),
            request: (cell: CellContext) => get(`/api/v1/worklists/${name}?scope=mine&pageSize=100&${after()}`, cell.subject),
            check: (cell: CellContext, body: unknown) => checkList(cell, body, exact?.(cell.subject), handoverOfferPageSchema),
          },
        ]
      : []),
  ],
});

const readCaseVariant = (
  name: string,
  path: (cell: CellContext) => string,
  options: { allowed?: number; headers?: (cell: CellContext) => Record<string, string> } = {},
): Variant => ({
  name,
  phase: 'read',
  perCase: true,
  expected: (subject, caseKey) => caseRead(subject, caseKey, options.allowed),
  request: (cell) => get(path(cell), cell.subject, options.headers?.(cell) ?? {}),
  check: (cell, body) =>
    options.allowed === 304 || (body as { caseId?: string }).caseId === undefined || (body as { caseId?: string }).caseId === cell.caseId
      ? undefined
      : 'another case',
});

const today = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());

const intakeNew = (path: string): Variant => ({
  name: 'new family',
  phase: 'change',
  perCase: false,
  expected: capability(['veilig-thuis-professional', 'team-sociaal-consultant'], 201),
  request: (cell) => {
    const { newFamily: _newFamily, ...body } = reportBody(cell.subject, 'Gorinchem');
    const payload =
      path === '/cases/reports' ? { ...body, newFamily: true } : { ...body, newFamily: true, referrer: { kind: 'anonymous' } };
    return send('POST', `/api/v1${path}`, cell.subject, payload, { 'Idempotency-Key': randomUUID() });
  },
});

const intakeExisting = (path: string): Variant =>
  probe(
    () => path,
    (cell) => {
      const { newFamily: _newFamily, ...body } = reportBody(cell.subject, 'Gorinchem');
      return path === '/cases/reports'
        ? { ...body, caseId: cell.caseId }
        : { ...body, caseId: cell.caseId, referrer: { kind: 'anonymous' } };
    },
    directing,
  );

const publicVariant = (path: string): Variant => ({
  name: 'public',
  phase: 'read',
  perCase: false,
  expected: () => 200,
  request: (cell) => get(path, cell.subject),
});

const privacyOfficerRead = (path: () => string): Variant => ({
  name: 'review',
  phase: 'read',
  perCase: false,
  expected: capability(['privacy-officer']),
  request: (cell) => get(path(), cell.subject),
});

type CommandProbe =
  { expected: Variant['expected']; body: (cell: CellContext) => unknown; path?: (cell: CellContext) => string } | { variants: Variant[] };

/**
 * How each declared command route is probed, by its operationId. The route list itself comes from
 * the declarations the router is built from: a route declared without a probe here has no row, and
 * the first test fails on it.
 */
const commandProbes: Record<string, CommandProbe> = {
  registerReport: { variants: [intakeNew('/cases/reports'), intakeExisting('/cases/reports')] },
  registerAdviceRequest: { variants: [intakeNew('/cases/advice-requests'), intakeExisting('/cases/advice-requests')] },
  mergeMembers: {
    expected: directing,
    body: () => ({ survivingMemberId: 'matrix-a', mergedMemberId: 'matrix-b', reason: 'Zelfde persoon.' }),
  },
  removeMember: { expected: directing, body: () => ({ reason: 'Hoort niet bij het gezin.' }) },
  acknowledgeRecidivismFlag: { expected: directing, body: () => ({}) },
  // A report of no case: access is decided before the decider refuses it.
  requestFeedback: { expected: directing, body: () => ({ reportId: 'matrix-none', milestone: 'report-received' }) },
  offerHandover: { expected: directing, body: (cell) => ({ to: directorOf(cell.subject), reason: 'Overdracht.', phase: 'stable-safety' }) },
  acceptHandover: { expected: directing, body: () => ({}) },
  declineHandover: { expected: directing, body: () => ({ reason: 'Past niet.' }) },
  withdrawHandover: { expected: directing, body: () => ({ reason: 'Ingetrokken.' }) },
  escalateCase: { expected: directing, body: (cell) => ({ to: directorOf(cell.subject), reason: 'Onveilig.', phase: 'immediate-safety' }) },
  changePhase: { expected: directing, body: () => ({ phase: 'recovery', reason: 'Herstel.' }) },
  registerChainPartner: {
    expected: directing,
    body: () => ({
      organisation: { organisationId: 'lev', name: 'Lev Groep', kind: 'other' },
      role: 'aid-provider',
      task: 'Gezinsbegeleiding',
    }),
  },
  endChainPartnerInvolvement: { expected: directing, body: () => ({ reason: 'Klaar.' }) },
  registerAcuteUnsafety: { expected: command({ vtOnly: true, inEmergency: true }), body: () => ({ measures: 'Politie ter plaatse.' }) },
  startSafetyAssessment: { expected: veiligThuis, body: () => ({}) },
  completeSafetyAssessment: { expected: veiligThuis, body: () => ({ acuteUnsafety: false, structuralUnsafety: false }) },
  startConditionsAndFollowUp: { expected: veiligThuis, body: () => ({ reason: 'Voorwaarden.' }) },
  startInvestigation: { expected: veiligThuis, body: () => ({}) },
  completeInvestigation: { expected: veiligThuis, body: () => ({ conclusion: 'Hulp in vrijwillig kader.' }) },
  requestChildProtectionInvestigation: { expected: veiligThuis, body: () => ({ reason: 'Maatregel nodig.' }) },
  closeCase: { expected: directing, body: () => ({ outcome: 'safety-established' }) },
  addSafetyCondition: {
    expected: directing,
    body: () => ({
      text: 'Geen geweld.',
      owner: { organisation: { organisationId: 'lev', name: 'Lev Groep', kind: 'other' } },
      dueOn: '2099-01-01',
    }),
  },
  reviseSafetyCondition: {
    expected: directing,
    body: () => ({
      text: 'Geen geweld meer.',
      owner: { organisation: { organisationId: 'lev', name: 'Lev Groep', kind: 'other' } },
      dueOn: '2099-02-01',
      reason: 'Aangescherpt.',
    }),
  },
  // The partner's own condition, on every case: on C it is the partner's, elsewhere it does not exist.
  recordSafetyConditionStatus: {
    expected: command({ vtOnly: false, ownCondition: true }),
    body: () => ({ status: 'met' }),
    path: (cell) => `/cases/${cell.caseId}/safety-conditions/${world.conditionId}/status`,
  },
  updatePlanPart: {
    expected: directing,
    body: () => ({ description: 'Plan.', agreements: [] }),
    path: (cell) => `/cases/${cell.caseId}/plan/parts/aid`,
  },
  scheduleRappels: { expected: veiligThuis, body: (cell) => ({ owner: directorOf(cell.subject), offsetsInMonths: [3] }) },
  recordRappelOutcome: { expected: veiligThuis, body: () => ({ outcome: 'safe' }) },
  rescheduleRappel: { expected: veiligThuis, body: () => ({ dueOn: today(), reason: 'Gezin is die week weg.' }) },
  raiseSignal: {
    variants: [
      probe(
        (cell) => `/cases/${cell.caseId}/signals`,
        () => ({ kind: 'task-stalls', reason: 'Gezin niet thuis.' }),
        signal(false),
      ),
      {
        ...probe(
          (cell) => `/cases/${cell.caseId}/signals`,
          () => ({ kind: 'aid-stalls', reason: 'Geen contact.', reportId: 'matrix-report' }),
          signal(true),
        ),
        name: 'on a report',
      },
    ],
  },
  acknowledgeSignal: { expected: directing, body: () => ({ note: 'Gezien.' }) },
};

const commandRows = (): Row[] =>
  caseCommandRoutes.flatMap((route): Row[] => {
    const probe = commandProbes[route.operationId];
    if (!probe) return [];
    if ('variants' in probe) return [{ route: `POST ${apiBasePath}${route.path}`, variants: probe.variants }];
    return [commandRow(route.path, probe.expected, probe.body, probe.path)];
  });

/**
 * What each declared worklist must show each subject, exactly. The list of worklists comes from
 * the declarations the router is built from: one without an entry here has no row, and the first
 * test fails on it.
 */
const worklistContents: Record<string, (subject: Subject) => Set<string>> = {
  'my-cases': (subject) =>
    new Set((['A', 'B', 'C', 'D', 'E'] as const).filter((key) => relationOf(subject, key) === 'director').map(caseIdOf)),
  'assessments-due': (subject) =>
    new Set([...listable(subject)].filter((caseId) => [...openAssessment].some((key) => caseIdOf(key) === caseId))),
  'assessments-overdue': () => new Set(),
  // The overdue assessments and then the due ones, as one list.
  assessments: (subject) => new Set([...listable(subject)].filter((caseId) => [...openAssessment].some((key) => caseIdOf(key) === caseId))),
  'rappels-due': () => new Set(),
  'rappels-overdue': () => new Set(),
  rappels: () => new Set(),
  'recidivism-flags': () => new Set(),
  signals: () => new Set(),
  // The matrix's assessments are due beyond two working days and no feedback failed.
  'feedback-due': () => new Set(),
  // E's offer names the Molenlanden consultant: on that receiver's list only, never on the list of
  // the one who offered it, their team, another organisation or another region.
  'handovers-offered': (subject) =>
    new Set((['A', 'B', 'C', 'D', 'E'] as const).filter((key) => relationOf(subject, key) === 'receiver').map(caseIdOf)),
};

const worklistRows = (): Row[] =>
  worklistRoutes.flatMap((route) => {
    const contents = worklistContents[route.name];
    return contents ? [worklistRow(route.name, contents)] : [];
  });

/**
 * The probes of each declared query route (and break-the-glass), by operationId. The list of routes
 * comes from the declarations the controllers serve: one without an entry here has no row, and the
 * first test fails on it.
 */
const queryProbes: Record<string, Variant[]> = {
  searchFamilies: [
    {
      name: 'by address, which every family shares',
      phase: 'read',
      perCase: false,
      expected: capability(['veilig-thuis-professional', 'team-sociaal-consultant']),
      request: (cell) =>
        send('POST', '/api/v1/families/search', cell.subject, {
          postcode: '4201MX',
          houseNumber: '7',
          limit: 50,
          after: world.checkpoint,
        }),
      check: (cell, body) => {
        const found = familySearchResultSchema
          .parse(body)
          .candidates.map((candidate) => candidate.caseId)
          .sort();
        const expected = [...listable(cell.subject)].sort();
        return found.join() === expected.join() ? undefined : `finds ${found.join(', ')} instead of ${expected.join(', ')}`;
      },
    },
  ],
  getMyTasks: [
    {
      name: 'own tasks',
      phase: 'read',
      perCase: false,
      expected: capability(['chain-partner', 'team-sociaal-consultant']),
      request: (cell) => get(`/api/v1/my-tasks?pageSize=100&${after()}`, cell.subject),
      check: (cell, body) => {
        const page = myTasksPageSchema.parse(body);
        const expected = (['A', 'B', 'C', 'D', 'E'] as const).filter((key) => hasTask(relationOf(cell.subject, key))).map(caseIdOf);
        const listed = page.items.map((item) => item.caseId);
        if (listed.join() !== expected.join() || page.total !== expected.length)
          return `lists ${listed.join(', ')} (${page.total}) instead of ${expected.join(', ')}`;
        for (const item of page.items) {
          const own = relationOf(cell.subject, 'C');
          const conditions = item.safetyConditions.map((condition) => condition.conditionId);
          const agreements = item.planAgreements.map((agreement) => agreement.agreementId);
          if (own === 'own-condition' && (conditions.join() !== world.conditionId || agreements.length > 0))
            return 'shows tasks not its own';
          if (own === 'own-agreement' && (agreements.join() !== 'ag-1' || conditions.length > 0)) return 'shows tasks not its own';
          if (/Volwassene|Kind\d/.test(JSON.stringify(item))) return 'shows the household';
        }
        return undefined;
      },
    },
  ],
  getWorklistCounts: [
    {
      name: 'all lists',
      phase: 'read',
      perCase: false,
      expected: capability(['veilig-thuis-professional', 'team-sociaal-consultant']),
      request: (cell) => get(`/api/v1/worklists/counts?${after()}`, cell.subject),
      // Each count is the size of its list for that caller: need-to-know by the lists' own filter.
      check: (cell, body) => {
        const counts = worklistCountsSchema.parse(body);
        const wrong = worklistNames.filter((name) => counts[name] !== worklistContents[name](cell.subject).size);
        return wrong.length === 0 ? undefined : `counts ${wrong.map((name) => `${name}=${counts[name]}`).join(', ')} unlike the lists`;
      },
    },
  ],
  getRappelPlanner: [
    {
      // The world has no case in monitoring, so no rappels: the row proves who may ask, the
      // planner's own test (cases/rappel-planner.int-spec.ts) what each one sees.
      name: 'this week',
      phase: 'read',
      perCase: false,
      expected: capability(['veilig-thuis-professional', 'team-sociaal-consultant']),
      request: (cell) => get(`/api/v1/rappels?from=${today()}&to=${today()}&${after()}`, cell.subject),
      check: (_cell, body) => {
        const planner = rappelPlannerSchema.parse(body);
        return planner.items.length === 0 && planner.total === 0 ? undefined : `lists ${planner.total} rappels where there are none`;
      },
    },
  ],
  getWorklistFacets: [
    {
      name: 'assessments',
      phase: 'read',
      perCase: false,
      expected: capability(['veilig-thuis-professional', 'team-sociaal-consultant']),
      request: (cell) => get(`/api/v1/worklists/facets?list=assessments&${after()}`, cell.subject),
      // The chips of a list only offer what the caller's list holds: nothing of a list they cannot see.
      check: (cell, body) => {
        const facets = worklistFacetsSchema.parse(body);
        const listed = worklistContents['assessments'](cell.subject).size;
        if (listed === 0 && (facets.municipalities.length > 0 || facets.statuses.length > 0))
          return `facets ${JSON.stringify(facets)} of an empty list`;
        return listed > 0 && facets.municipalities.length === 0 ? 'no municipality on a list with cases' : undefined;
      },
    },
  ],
  getCase: [
    readCaseVariant('now', (cell) => `/api/v1/cases/${cell.caseId}?${after()}`),
    readCaseVariant('unchanged since (If-None-Match)', (cell) => `/api/v1/cases/${cell.caseId}?${after()}`, {
      allowed: 304,
      headers: (cell) => ({ 'If-None-Match': `"${cell.caseKey === 'X' ? 0 : world.cases[cell.caseKey].version}"` }),
    }),
    readCaseVariant('as of today', (cell) => `/api/v1/cases/${cell.caseId}?asOf=${today()}`),
  ],
  getCaseTimeline: [readCaseVariant('first page', (cell) => `/api/v1/cases/${cell.caseId}/timeline?${after()}`)],
  getCaseTexts: [readCaseVariant('all texts', (cell) => `/api/v1/cases/${cell.caseId}/texts?${after()}`)],
  getHandoverTargets: [readCaseVariant('now', (cell) => `/api/v1/cases/${cell.caseId}/handover-targets?${after()}`)],
  previewFeedback: [
    {
      name: 'a report of no case: access first, then the rules',
      phase: 'read',
      perCase: true,
      expected: (subject, caseKey) => caseRead(subject, caseKey, 422),
      request: (cell) =>
        send('POST', `/api/v1/cases/${cell.caseId}/feedback-previews`, cell.subject, {
          reportId: 'matrix-none',
          milestone: 'report-received',
        }),
    },
  ],
  requestEmergencyAccess: [
    {
      name: 'with a reason',
      phase: 'change',
      perCase: true,
      expected: emergencyAccess,
      request: (cell) =>
        send('POST', `/api/v1/cases/${cell.caseId}/emergency-access`, cell.subject, {
          reason: 'Crisisdienst: melding van de politie buiten kantoortijd.',
        }),
    },
  ],
  getOrganisationPeople: [
    {
      name: 'own organisation',
      phase: 'read',
      perCase: false,
      expected: (subject) => (subject.user ? 200 : 401),
      request: (cell) => get(`/api/v1/organisations/${cell.subject.user?.organisationId ?? 'vt-zhz'}/people`, cell.subject),
    },
    {
      // Gorinchem's local team: a hand-over target for Veilig Thuis of its region and the local
      // teams of that region; any other organisation does not learn of it (404).
      name: 'a local team',
      phase: 'read',
      perCase: false,
      expected: (subject) => {
        if (!subject.user) return 401;
        return ['vt-zhz', 'ts-gorinchem', 'ts-molenlanden'].includes(subject.user.organisationId) && directs(subject) ? 200 : 404;
      },
      request: (cell) => get('/api/v1/organisations/ts-gorinchem/people', cell.subject),
    },
  ],
  listOrganisations: [
    {
      // Names of chain partners only: any signed-in professional, whatever their organisation.
      name: 'chain partners',
      phase: 'read',
      perCase: false,
      expected: (subject) => (subject.user ? 200 : 401),
      request: (cell) => get('/api/v1/organisations?kind=chain-partner', cell.subject),
      check: (_cell, body) => {
        const names = organisationListSchema.parse(body).organisations.map((organisation) => organisation.name);
        return names.includes('Jeugdzorg Zuid') && !names.includes('Team Sociaal Gorinchem') ? undefined : `listed ${names.join(', ')}`;
      },
    },
  ],
  listMunicipalities: [
    {
      // Names of the regions' municipalities only: any signed-in professional, whatever their organisation.
      name: 'municipalities',
      phase: 'read',
      perCase: false,
      expected: (subject) => (subject.user ? 200 : 401),
      request: (cell) => get('/api/v1/municipalities', cell.subject),
      check: (_cell, body) => {
        const listed = municipalityListSchema
          .parse(body)
          .municipalities.map((municipality) => `${municipality.name}:${municipality.veiligThuis.organisationId}`);
        return listed.join(',') === 'Gorinchem:vt-zhz,Molenlanden:vt-zhz,Utrecht:vt-utrecht' ? undefined : `listed ${listed.join(', ')}`;
      },
    },
  ],
  getOpenApiDocument: [publicVariant('/api/v1/openapi.json')],
};

const queryRows = (): Row[] =>
  caseQueryRoutes.flatMap((route) => {
    const variants = queryProbes[route.operationId];
    return variants ? [{ route: routeKey(route), variants }] : [];
  });

/**
 * The probes of each of the app's own declared routes (status and the platform's probes), by
 * operationId. The list of routes comes from the declarations the controllers serve: one without
 * an entry here has no row, and the first test fails on it.
 */
const systemProbes: Record<string, Variant[]> = {
  getLiveness: [publicVariant('/health/live')],
  getReadiness: [publicVariant('/health/ready')],
  // Up/down for anyone; activity counts and versions only with a session, of any role.
  getStatus: [
    {
      name: 'up for anyone, the whole status signed in',
      phase: 'read',
      perCase: false,
      expected: () => 200,
      request: (cell) => get('/api/v1/status', cell.subject),
      check: (cell, body) => {
        const keys = Object.keys(body as object)
          .sort()
          .join(',');
        if (!cell.subject.user)
          return keys === 'application,scope,status,time' ? undefined : `more than up/down without a session: ${keys}`;
        return (body as { scope?: string; events?: unknown }).scope === 'full' && (body as { events?: unknown }).events
          ? undefined
          : 'not the full status';
      },
    },
  ],
};

const systemRows = (): Row[] =>
  systemRoutes.flatMap((route) => {
    const variants = systemProbes[route.operationId];
    return variants ? [{ route: routeKey(route), variants }] : [];
  });

/**
 * The probes of each of the access context's declared routes (sign-in, the privacy officer's
 * review), by operationId. The list of routes comes from the declarations the controllers serve:
 * one without an entry here has no row, and the first test fails on it.
 */
const accessProbes: Record<string, Variant[]> = {
  signIn: [
    {
      name: 'own credentials',
      phase: 'read',
      perCase: false,
      expected: (subject) => (subject.user ? 200 : 401),
      request: (cell) =>
        fetch(`${api.url}/api/v1/auth/sign-in`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(
            cell.subject.user
              ? { username: cell.subject.user.userId, password: passwords.get(cell.subject.key) }
              : { username: 'matrix-nobody', password: 'not-a-password-of-anyone' },
          ),
        }),
    },
  ],
  signOut: [
    {
      name: 'a session of its own',
      phase: 'change',
      perCase: false,
      expected: () => 204,
      request: async (cell) => {
        const password = passwords.get(cell.subject.key);
        const headers = cell.subject.user && password ? (await signIn(api.url, cell.subject.user.userId, password)).headers : {};
        return fetch(`${api.url}/api/v1/auth/sign-out`, { method: 'POST', headers });
      },
    },
  ],
  getSession: [
    {
      name: 'own',
      phase: 'read',
      perCase: false,
      expected: (subject) => (subject.user ? 200 : 401),
      request: (cell) => get('/api/v1/auth/session', cell.subject),
    },
  ],
  // Without OIDC_* settings there is no identity provider to start at: 404 for everyone.
  startOidcSignIn: [anyoneGets('/api/v1/auth/oidc/start?returnTo=%2F', 404)],
  finishOidcSignIn: [anyoneGets('/api/v1/auth/oidc/callback?code=x&state=y', 404)],
  // The demo region is off here: no demo accounts to list, for anyone.
  getDemoAccounts: [anyoneGets('/api/v1/auth/demo-accounts', 404)],
  // What the sign-in page may offer: public, for everyone.
  getSignInOptions: [anyoneGets('/api/v1/auth/sign-in-options', 200)],
  searchAccessLog: [privacyOfficerRead(() => '/api/v1/access-log')],
  verifyAccessLog: [privacyOfficerRead(() => '/api/v1/access-log/verify')],
  exportFamilyAccessLog: [privacyOfficerRead(() => `/api/v1/access-log/export/${world.cases.A.familyId}`)],
  listEmergencyGrants: [privacyOfficerRead(() => '/api/v1/emergency-grants')],
  reviewEmergencyGrant: [
    {
      name: 'the set-up grant',
      phase: 'change',
      perCase: false,
      expected: capability(['privacy-officer']),
      request: (cell) => send('POST', `/api/v1/emergency-grants/${world.emergencyGrantId}/review`, cell.subject, { outcome: 'justified' }),
    },
  ],
};

// The local mailbox (no SMTP_URL here): the administrator's alone.
const feedbackProbes: Record<string, Variant[]> = {
  readLocalMailbox: [
    {
      name: 'mailbox',
      phase: 'read',
      perCase: false,
      expected: capability(['administrator']),
      request: (cell) => get('/api/v1/admin/mailbox', cell.subject),
    },
  ],
  // The portal: a link is anyone's to redeem (an unknown one is gone for everyone); the reports are a
  // referrer's alone, and this world's referrer made none of its reports, so any report is not theirs.
  redeemPortalLink: [
    {
      name: 'unknown link',
      phase: 'read',
      perCase: false,
      expected: () => 410,
      request: (cell) => send('POST', '/api/v1/referrer-portal/link-redemptions', cell.subject, { token: 'x'.repeat(43) }),
    },
  ],
  listPortalReports: [
    {
      name: 'own reports',
      phase: 'read',
      perCase: false,
      expected: capability(['referrer']),
      request: (cell) => get('/api/v1/referrer-portal/reports', cell.subject),
      check: (_cell, body) => ((body as { items: unknown[] }).items.length === 0 ? undefined : 'lists reports the referrer did not make'),
    },
  ],
  readPortalReport: [
    {
      name: 'a report not theirs',
      phase: 'read',
      perCase: false,
      expected: capability(['referrer'], 404),
      request: (cell) => get('/api/v1/referrer-portal/reports/matrix-report', cell.subject),
    },
  ],
  raisePortalSignal: [
    {
      name: 'about a report not theirs',
      phase: 'read',
      perCase: false,
      expected: capability(['referrer'], 404),
      request: (cell) =>
        send(
          'POST',
          '/api/v1/referrer-portal/reports/matrix-report/signals',
          cell.subject,
          { kind: 'aid-stalls', reason: 'Geen contact meer.' },
          { 'Idempotency-Key': randomUUID() },
        ),
    },
  ],
};

const feedbackRows = (): Row[] =>
  feedbackRoutes.flatMap((route) => {
    const variants = feedbackProbes[route.operationId];
    return variants ? [{ route: routeKey(route), variants }] : [];
  });

const accessRows = (tag: string): Row[] =>
  accessRoutes.flatMap((route) => {
    const variants = route.tag === tag ? accessProbes[route.operationId] : undefined;
    return variants ? [{ route: routeKey(route), variants }] : [];
  });

const rows = (): Row[] => [
  // -------------------------------------------------------------- public and sign-in
  ...systemRows(),
  ...accessRows('Aanmelden'),

  // -------------------------------------------------------------- lists
  ...worklistRows(),

  // -------------------------------------------------------------- one case, my tasks, family search, break-the-glass, people
  ...queryRows(),

  // -------------------------------------------------------------- commands
  ...commandRows(),

  // -------------------------------------------------------------- the privacy officer's review
  ...accessRows('Privacy'),

  // -------------------------------------------------------------- the administrator's local mailbox
  ...feedbackRows(),
];

function anyoneGets(path: string, status: number): Variant {
  return { name: 'anyone', phase: 'read', perCase: false, expected: () => status, request: (cell) => get(path, cell.subject) };
}

// ------------------------------------------------------------------ running the cells

type Cell = { route: string; variant: Variant; context: CellContext };

const cellsOf = (phase: Phase): Cell[] =>
  rows().flatMap((row) =>
    row.variants
      .filter((variant) => variant.phase === phase)
      .flatMap((variant) =>
        subjects.flatMap((subject) =>
          (variant.perCase ? caseKeys : (['X'] as CaseKey[])).map((caseKey) => ({
            route: row.route,
            variant,
            context: { subject, caseKey, caseId: caseIdOf(caseKey) },
          })),
        ),
      ),
  );

const inParallel = async <T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

const notFoundProblem = {
  type: 'urn:ketenregie:problem:case.not-found',
  title: 'Not Found',
  status: 404,
  detail: 'Deze casus bestaat niet.',
};

/** Runs every cell; answers the mismatches, each naming route, variant, subject, case, expected and actual. */
const runCells = async (cells: readonly Cell[]): Promise<string[]> => {
  const mismatches = await inParallel(cells, 24, async ({ route, variant, context }) => {
    const expected = variant.expected(context.subject, context.caseKey);
    const response = await variant.request(context);
    const text = await response.text();
    const where = `${route} [${variant.name}] as ${context.subject.key}${variant.perCase ? ` on ${context.caseKey}` : ''}`;
    if (response.status !== expected) return `${where}: expected ${expected}, got ${response.status} ${text.slice(0, 200)}`;
    // A refusal that hides a case is indistinguishable from an unknown case, body and all.
    if (expected === 404 && route.includes(':caseId')) {
      const { instance: _instance, ...problem } = problemSchema.parse(JSON.parse(text));
      if (JSON.stringify(problem) !== JSON.stringify(notFoundProblem)) return `${where}: a 404 unlike the unknown case's: ${text}`;
    }
    if (variant.check && response.status < 300 && response.status !== 204) {
      const problem = variant.check(context, text ? (JSON.parse(text) as unknown) : undefined);
      if (problem) return `${where}: ${problem}`;
    }
    return undefined;
  });
  return mismatches.filter((mismatch): mismatch is string => mismatch !== undefined);
};

// ------------------------------------------------------------------ the tests

describe('authorisation matrix (every endpoint × every role and relation, real HTTP)', () => {
  const started = Date.now();
  const requests = { read: 0, change: 0 };

  beforeAll(async () => {
    database = await createTestDatabase('authorization_matrix');
    const config = testApiConfig(database.url);
    api = await startApi({ config });
    accounts = await testAccounts(database.url);
    await Promise.all(
      subjects.map(async (subject) => {
        if (!subject.user) return;
        const { userId, organisationId, role, name } = subject.user;
        const password = await accounts.create({ userId, organisationId, roles: [role], displayName: name });
        passwords.set(subject.key, password);
        sessions.set(subject.key, (await signIn(api.url, userId, password)).headers);
      }),
    );
    world = await buildWorld();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await accounts?.close();
    await database?.drop();
    const endpoints = rows().length;
    process.stdout.write(
      `Authorisation matrix: ${endpoints} endpoints × ${subjects.length} callers (13 accounts covering the 7 roles in every relation, ` +
        `and one not signed in) = ${endpoints * subjects.length} endpoint-caller pairs; ${requests.read + requests.change} requests, ` +
        `case endpoints on 5 cases and an unknown id (${requests.read} reads and probes, then ${requests.change} changes); ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s with set-up.\n`,
    );
  });

  it('has a row for every route the app serves, and none for a route it does not', () => {
    const served = routesOfApp(api.app).sort();
    const described = rows()
      .map((row) => row.route)
      .sort();
    expect(served.length).toBeGreaterThan(40);
    expect({
      withoutRow: served.filter((route) => !described.includes(route)),
      withoutRoute: described.filter((route) => !served.includes(route)),
    }).toEqual({
      withoutRow: [],
      withoutRoute: [],
    });
  });

  it('covers every role and each relation the policy knows', () => {
    const roles = new Set(subjects.flatMap((subject) => (subject.user ? [subject.user.role] : [])));
    expect(roles.size).toBe(7);
    const seen = new Set(Object.values(relations).flatMap((byCase) => Object.values(byCase)));
    expect([...seen].sort()).toEqual(['director', 'emergency', 'none', 'own-agreement', 'own-condition', 'receiver', 'region', 'team']);
  });

  it('answers every read, list and command probe exactly as need-to-know says', async () => {
    const cells = cellsOf('read');
    requests.read = cells.length;
    expect(await runCells(cells)).toEqual([]);
  });

  it('logs reads under break-the-glass as emergency access with the reason, and nothing for a refused read', async () => {
    const rowsOf = async (userId: string, caseId: string) =>
      (await accounts.dataSource.query(
        `select action, route, emergency, emergency_reason, actor_role, legal_basis, outcome from access_log where actor_user_id = $1 and subject_id = $2 order by sequence`,
        [userId, caseId],
      )) as {
        action: string;
        route: string;
        emergency: boolean;
        emergency_reason: string | null;
        actor_role: string;
        legal_basis: string;
        outcome: string | null;
      }[];
    const eva = await rowsOf('vt-eva', world.cases.A.caseId);
    expect(eva[0]).toMatchObject({ action: 'read', route: 'POST /api/v1/cases/:caseId/emergency-access', emergency: true });
    expect(eva.filter((entry) => entry.route === 'GET /api/v1/cases/:caseId')).toEqual([
      expect.objectContaining({
        emergency: true,
        emergency_reason: expect.stringContaining('Crisisdienst'),
        actor_role: 'veilig-thuis-professional',
        legal_basis: 'wmo-2015-4.1.1',
      }),
      expect.objectContaining({ emergency: true }),
      expect.objectContaining({ emergency: true }),
    ]);
    const anna = await rowsOf('vt-anna', world.cases.A.caseId);
    expect(anna.filter((entry) => entry.route === 'GET /api/v1/cases/:caseId/timeline')).toEqual([
      expect.objectContaining({ action: 'read', emergency: false }),
    ]);
    expect(await rowsOf('vt-ugo', world.cases.A.caseId)).toEqual([]);
    const jet = await rowsOf('jz-jet', world.cases.C.caseId);
    expect(jet).toHaveLength(3);
    expect(jet).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'read', route: 'GET /api/v1/my-tasks', actor_role: 'chain-partner', legal_basis: 'jeugdwet' }),
        // The probes of the partner's own condition and of its signal were permitted and got their 412: one entry each, nothing changed.
        expect.objectContaining({
          action: 'update',
          route: 'POST /api/v1/cases/:caseId/safety-conditions/:conditionId/status',
          outcome: 'conflict',
        }),
        expect.objectContaining({ action: 'update', route: 'POST /api/v1/cases/:caseId/signals', outcome: 'conflict' }),
      ]),
    );
  });

  it('answers the changes exactly as well: new intakes, break-the-glass, sign-out, a grant review', async () => {
    const cells = cellsOf('change');
    requests.change = cells.length;
    expect(await runCells(cells)).toEqual([]);
  });

  // Last: accepting the hand-over moves the direction of E, which the rows above assume.
  it('runs a permitted command for real in each relation that permits one beyond direction', async () => {
    const run = async (as: SubjectKey, path: string, body: unknown) => {
      const response = await send('POST', `/api/v1${path}`, subject(as), body, { 'Idempotency-Key': randomUUID() });
      return { as, path: path.replace(/\/cases\/[^/]+/, '/cases/…'), status: response.status };
    };
    const { A, B, C, E } = world.cases;
    expect(
      await Promise.all([
        run('partnerWithTask', `/cases/${C.caseId}/safety-conditions/${world.conditionId}/status`, {
          status: 'met',
          notes: 'Gesproken met school.',
        }),
        run('vtEmergency', `/cases/${A.caseId}/acute-unsafety`, { measures: 'Crisisdienst ter plaatse.' }),
        run('vtTeam', `/cases/${B.caseId}/acute-unsafety`, { measures: 'Politie ter plaatse.' }),
        run('tsTeam', `/cases/${B.caseId}/phase`, { phase: 'stable-safety', reason: 'Kinderen veilig bij oma.' }),
        run('tsReceiver', `/cases/${E.caseId}/handovers/${world.handoverId}/accept`, {}),
      ]),
    ).toEqual([
      { as: 'partnerWithTask', path: `/cases/…/safety-conditions/${world.conditionId}/status`, status: 200 },
      { as: 'vtEmergency', path: '/cases/…/acute-unsafety', status: 200 },
      { as: 'vtTeam', path: '/cases/…/acute-unsafety', status: 200 },
      { as: 'tsTeam', path: '/cases/…/phase', status: 200 },
      { as: 'tsReceiver', path: `/cases/…/handovers/${world.handoverId}/accept`, status: 200 },
    ]);
    // Each change is in the access log (committed with it), in the role and on the ground it was permitted in.
    const changes = (await accounts.dataSource.query(
      `select actor_user_id, action, actor_role, legal_basis, emergency from access_log
        where action = 'update' and outcome = 'changed' and actor_user_id = any($1::text[]) order by actor_user_id`,
      [['jz-jet', 'vt-eva', 'ts-daan']],
    )) as Record<string, unknown>[];
    expect(changes).toEqual([
      { actor_user_id: 'jz-jet', action: 'update', actor_role: 'chain-partner', legal_basis: 'jeugdwet', emergency: false },
      { actor_user_id: 'ts-daan', action: 'update', actor_role: 'team-sociaal-consultant', legal_basis: 'wmo-2015', emergency: false },
      {
        actor_user_id: 'vt-eva',
        action: 'update',
        actor_role: 'veilig-thuis-professional',
        legal_basis: 'wmo-2015-4.1.1',
        emergency: true,
      },
    ]);
  });
});
