import type { Actor, CommandMetadata } from '@ketenregie/kernel';
import type { CaseCommand } from '../case.commands';
import type { Director, Household, Referrer } from '../case.types';
import type { RegisterReport } from '../intake/register-report';
import type { RegisterAdviceRequest } from '../intake/register-advice-request';

// Test data only: invented people in invented households.

export const vtAnna: Director = {
  person: { personId: 'vt-anna', name: 'Anna de Vries' },
  organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' },
};
export const vtBram: Director = { person: { personId: 'vt-bram', name: 'Bram Visser' }, organisation: vtAnna.organisation };
export const ltCarla: Director = {
  person: { personId: 'lt-carla', name: 'Carla Bakker' },
  organisation: { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' },
};
export const ltDaan: Director = {
  person: { personId: 'lt-daan', name: 'Daan Smit' },
  organisation: { organisationId: 'ts-molenlanden', name: 'Team Sociaal Molenlanden', kind: 'local-team' },
};

export const actorOf = (director: Director): Actor => ({
  userId: director.person.personId,
  organisationId: director.organisation.organisationId,
});

export const outsider: Actor = { userId: 'someone-else', organisationId: 'elsewhere' };

/** Metadata at an Amsterdam wall-clock moment given as an ISO instant. */
export const at = (instant: string, actor: Actor = actorOf(vtAnna)): CommandMetadata => ({
  now: new Date(instant),
  actor,
  correlationId: `corr-${instant}`,
});

export const household: Household = {
  address: { street: 'Lingewal', houseNumber: '12', postcode: '4201 ab', municipality: 'Gorinchem' },
  members: [
    { memberId: 'm1', role: 'adult', name: { givenNames: 'Jan', prefix: 'van der', familyName: 'Berg' }, dateOfBirth: '1985-03-12' },
    { memberId: 'm2', role: 'adult', name: { givenNames: 'Fatima', familyName: 'El Amrani' }, dateOfBirth: '1988-07-01' },
    { memberId: 'm3', role: 'child', name: { givenNames: 'Sara', prefix: 'van der', familyName: 'Berg' }, dateOfBirth: '2016-05-20' },
  ],
};

/** The household as intake stores it (postcode normalised). */
export const storedHousehold: Household = {
  ...household,
  address: { ...household.address, postcode: '4201AB' },
};

export const teacher: Extract<Referrer, { kind: 'professional' }> = {
  kind: 'professional',
  name: 'Els Jansen',
  organisation: 'OBS De Linge',
  role: 'intern begeleider',
  contact: { email: 'e.jansen@example.org' },
  feedbackConsent: { kind: 'granted', channel: 'email' },
  namingEndangers: false,
};

export const caseId = 'case-1';
export const familyId = 'family-1';

export const registerReport = (
  reportId: string,
  instant: string,
  overrides: Partial<RegisterReport['data']> = {},
  actor?: Actor,
): RegisterReport => ({
  type: 'cases.register-report',
  data: {
    caseId,
    familyId,
    reportId,
    referrer: teacher,
    sourceCategory: 'education-childcare',
    formsOfViolence: ['child-abuse', 'partner-violence'],
    concern: 'Kind vertelt over ruzies thuis en heeft blauwe plekken.',
    household,
    receivedBy: vtAnna,
    ...overrides,
  },
  metadata: at(instant, actor),
});

export const registerAdviceRequest = (
  adviceRequestId: string,
  instant: string,
  overrides: Partial<RegisterAdviceRequest['data']> = {},
): RegisterAdviceRequest => ({
  type: 'cases.register-advice-request',
  data: {
    caseId,
    familyId,
    adviceRequestId,
    referrer: { kind: 'anonymous' },
    sourceCategory: 'citizen',
    formsOfViolence: ['child-abuse'],
    concern: 'Buurvrouw hoort vaak geschreeuw.',
    household,
    receivedBy: vtAnna,
    ...overrides,
  },
  metadata: at(instant),
});

type DataOf<T extends CaseCommand['type']> = Omit<Extract<CaseCommand, { type: T }>['data'], 'caseId'>;

/** Any case command on `case-1` with the given payload, by the given actor at the given moment. */
export const command = <T extends CaseCommand['type']>(
  type: T,
  data: DataOf<T>,
  instant: string,
  actor: Actor = actorOf(vtAnna),
): Extract<CaseCommand, { type: T }> =>
  ({ type, data: { caseId, ...data }, metadata: at(instant, actor) }) as unknown as Extract<CaseCommand, { type: T }>;
