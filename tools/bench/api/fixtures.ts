import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccountStore } from '@ketenregie/access-server';
import { authSessionSchema } from '@ketenregie/contracts';
import type {
  AddSafetyConditionBody,
  OfferHandoverBody,
  RecordSafetyConditionStatusBody,
  RegisterReportBody,
  ReviseSafetyConditionBody,
  UpdatePlanPartBody,
} from '@ketenregie/contracts';

// Invented professionals and households only: benchmark data must never resemble real people.
const vtOrganisation = { organisationId: 'bench-vt', name: 'Veilig Thuis Benchmarkregio', kind: 'veilig-thuis' as const };
const ltOrganisation = { organisationId: 'bench-lt', name: 'Team Sociaal Benchmarkstad', kind: 'local-team' as const };

/** The Veilig Thuis professional who takes every intake and so directs every case. */
export const intakeWorker = { person: { personId: 'bench-vt-1', name: 'Medewerker VT Een' }, organisation: vtOrganisation };
/** The local-team consultant who receives the hand-overs. */
export const localTeamWorker = { person: { personId: 'bench-lt-1', name: 'Consulent LT Een' }, organisation: ltOrganisation };

export type Worker = typeof intakeWorker | typeof localTeamWorker;

const workers = [
  { worker: intakeWorker, role: 'veilig-thuis-professional' as const },
  { worker: localTeamWorker, role: 'team-sociaal-consultant' as const },
];

const sessions = new Map<string, { cookie: string; csrfToken: string }>();

/**
 * Gives each worker an account in the benchmark's database and signs in once over HTTP, as a
 * browser would; every request of the run then carries that one session (cookie + CSRF token).
 */
export const signInWorkers = async (url: string, databaseUrl: string): Promise<void> => {
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl, logging: false, applicationName: 'ketenregie-bench' });
  await dataSource.initialize();
  try {
    const accounts = new AccountStore(dataSource);
    await accounts.ensureSchema();
    for (const { worker, role } of workers) {
      const password = randomBytes(18).toString('base64url');
      await accounts.create({
        id: worker.person.personId,
        username: worker.person.personId,
        displayName: worker.person.name,
        organisationId: worker.organisation.organisationId,
        roles: [role],
        password,
      });
      const response = await fetch(`${url}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: worker.person.personId, password }),
      });
      if (response.status !== 200)
        throw new Error(`sign-in of ${worker.person.personId} answered ${response.status}: ${await response.text()}`);
      const { csrfToken } = authSessionSchema.parse(await response.json());
      const cookie = response.headers
        .getSetCookie()
        .map((header) => header.split(';')[0])
        .find((pair) => pair.startsWith('ketenregie_session='));
      if (!cookie) throw new Error('sign-in set no session cookie');
      sessions.set(worker.person.personId, { cookie, csrfToken });
    }
  } finally {
    await dataSource.destroy();
  }
};

export const headersOf = (worker: Worker, idempotencyKey?: string): Record<string, string> => {
  const session = sessions.get(worker.person.personId);
  if (!session) throw new Error(`${worker.person.personId} is not signed in: call signInWorkers first`);
  return {
    'content-type': 'application/json',
    cookie: session.cookie,
    'x-csrf-token': session.csrfToken,
    ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
  };
};

// Thirty of each, combined independently: tens of thousands of distinct families, while common
// names and birthdays still recur now and then, as they do in a real region.
const givenNames = [
  'Daan',
  'Emma',
  'Noah',
  'Julia',
  'Sem',
  'Mila',
  'Lucas',
  'Tess',
  'Finn',
  'Sara',
  'Levi',
  'Nora',
  'Jesse',
  'Zoë',
  'Milan',
  'Lotte',
  'Bram',
  'Evi',
  'Thijs',
  'Fleur',
  'Ruben',
  'Anna',
  'Luuk',
  'Lieke',
  'Jayden',
  'Sophie',
  'Mohamed',
  'Yara',
  'Stijn',
  'Noor',
];
const familyNames = [
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'Mulder',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'Dekker',
  'Brouwer',
  'Kok',
  'Jacobs',
  'Willems',
  'Wouters',
  'Koster',
  'Prins',
  'Huisman',
  'Kuipers',
  'Postma',
  'Vermeulen',
  'Schouten',
  'Maas',
  'Verhoeven',
  'Kramer',
  'Veenstra',
  'Haan',
  'Groot',
  'Bosman',
  'Aydın',
];
const sources = ['education-childcare', 'police', 'gp-health', 'youth-health-care', 'housing', 'other'] as const;
const forms = ['child-abuse', 'partner-violence', 'elder-abuse', 'complex-divorce', 'honour-related', 'sexual-violence'] as const;
const letters = 'ABCDEFGHJKLMNPRSTVWXZ';

const dateFrom = (base: number, offsetDays: number): string =>
  new Date(Date.UTC(base, 0, 1) + offsetDays * 86_400_000).toISOString().slice(0, 10);

const pick = <T>(list: readonly T[], n: number, place: number): T => list[Math.floor(n / list.length ** place) % list.length];

/**
 * Report number `n` of a run: a new family at an address no other `n` has (postcode + house
 * number), so no intake is refused as an already known family.
 */
export const reportBody = (n: number, runTag: string): RegisterReportBody => {
  const familyName = `${pick(familyNames, n, 1)}-${pick(familyNames, n, 2)}`;
  const postcode = `${1000 + (Math.floor(n / letters.length ** 2) % 9000)} ${pick(letters.split(''), n, 1)}${pick(letters.split(''), n, 0)}`;
  const houseNumber = String(1 + Math.floor(n / (letters.length ** 2 * 9000)));
  return {
    newFamily: true,
    reportId: `bench-${runTag}-report-${n}`,
    referrer: {
      kind: 'professional',
      name: 'Verwijzer Benchmark',
      organisation: 'Basisschool De Proef',
      role: 'intern begeleider',
      contact: { email: 'verwijzer@example.org' },
    },
    sourceCategory: sources[n % sources.length],
    formsOfViolence: [forms[n % forms.length]],
    concern: `Zorgmelding ${n}: het kind vertelt op school over spanningen thuis en komt regelmatig moe binnen.`,
    household: {
      address: { street: 'Proefstraat', houseNumber, postcode, municipality: 'Benchmarkstad' },
      members: [
        {
          role: 'adult',
          name: { givenNames: pick(givenNames, n, 0), familyName },
          dateOfBirth: dateFrom(1965, (n * 7_919) % 14_600),
        },
        {
          role: 'child',
          name: { givenNames: pick(givenNames, n * 7 + 3, 0), familyName },
          dateOfBirth: dateFrom(2008, (n * 104_729) % 6_500),
        },
      ],
    },
    receivedBy: intakeWorker,
  };
};

export const benchHandoverId = 'bench-handover';

export const offerHandoverBody: OfferHandoverBody = {
  handoverId: benchHandoverId,
  to: localTeamWorker,
  reason: 'De veiligheid is voldoende hersteld; het lokale team begeleidt het gezin verder.',
  phase: 'stable-safety',
};

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const owner = { organisation: vtOrganisation, person: intakeWorker.person };

/**
 * Step `i` of the long-running case: a plan part rewritten most of the time, now and then a
 * safety condition added, revised and its status recorded. Each step records exactly one event.
 */
export const longCaseStep = (
  i: number,
): { path: string; body: UpdatePlanPartBody | AddSafetyConditionBody | ReviseSafetyConditionBody | RecordSafetyConditionStatusBody } => {
  const cycle = Math.floor(i / 10);
  const conditionId = `condition-${cycle}`;
  switch (i % 10) {
    case 7:
      return {
        path: 'safety-conditions',
        body: { conditionId, text: `Voorwaarde ${cycle}: ouders zoeken hulp bij conflicten.`, owner, dueOn: inDays(30) },
      };
    case 8:
      return {
        path: `safety-conditions/${conditionId}/revise`,
        body: {
          text: `Voorwaarde ${cycle}: ouders volgen het afgesproken hulptraject.`,
          owner,
          dueOn: inDays(45),
          reason: 'Bijgesteld na het gezinsgesprek.',
        },
      };
    case 9:
      return {
        path: `safety-conditions/${conditionId}/status`,
        body: { status: cycle % 2 === 0 ? 'met' : 'not-met', notes: 'Besproken in het overleg.' },
      };
    default: {
      const part = (['safety', 'aid', 'recovery'] as const)[i % 3];
      return {
        path: `plan/parts/${part}`,
        body: {
          description: `Versie ${i} van het plan (${part}): afspraken na het overleg van week ${1 + (i % 52)}.`,
          agreements: [
            { agreementId: `${part}-1`, text: 'Wekelijks huisbezoek door de gezinscoach.', owner, dueOn: inDays(60) },
            { agreementId: `${part}-2`, text: 'School meldt verzuim dezelfde dag.', owner },
          ],
        },
      };
    }
  }
};
