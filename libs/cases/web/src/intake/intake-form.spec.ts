import { registerAdviceRequestBodySchema, registerReportBodySchema } from '@ketenregie/contracts';
import type { Candidate } from './intake-form';
import {
  amsterdamLocalToRfc3339,
  defaultIntakeValues,
  expectedClassification,
  familySearches,
  intakeBody,
  mergeCandidates,
  receivedAtProblem,
  toAmsterdamLocal,
} from './intake-form';

const receivedBy = {
  person: { personId: 'vt-anna' },
  organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const },
};

const now = new Date('2026-03-10T12:00:00Z');

const filled = () => {
  const values = defaultIntakeValues(now);
  values.sourceCategory = 'police';
  values.formsOfViolence = ['child-abuse'];
  values.referrer = { ...values.referrer, name: 'J. de Vries', organisation: 'Politie', role: 'Wijkagent' };
  values.concern = 'Zorgen.';
  values.household.address = {
    postcode: '4201 AB',
    houseNumber: '12',
    houseNumberAddition: '',
    street: '',
    city: '',
    municipality: 'Gorinchem',
  };
  values.household.members = [
    { role: 'adult', name: { givenNames: 'Anna', prefix: '', familyName: 'Jansen' }, dateOfBirth: '1988-04-02' },
    { role: 'child', name: { givenNames: 'Sem', prefix: '', familyName: 'Jansen' }, dateOfBirth: '' },
  ];
  return values;
};

const candidate = (overrides: Partial<Candidate>): Candidate => ({
  caseId: 'case-1',
  familyId: 'family-1',
  familyLabel: 'Jansen',
  municipality: 'Gorinchem',
  status: 'in_safety_assessment',
  director: {
    person: { personId: 'vt-anna', name: 'Anna' },
    organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis', kind: 'veilig-thuis' },
  } as Candidate['director'],
  score: 0.5,
  exact: false,
  reasons: ['same-name'],
  classification: 'follow-up',
  matchedMembers: [],
  ...overrides,
});

describe('Amsterdam time of receipt', () => {
  it('writes the wall-clock time with the offset of that day, winter and summer', () => {
    expect(amsterdamLocalToRfc3339('2026-03-06T14:30')).toBe('2026-03-06T14:30:00+01:00');
    expect(amsterdamLocalToRfc3339('2026-07-06T14:30')).toBe('2026-07-06T14:30:00+02:00');
    expect(amsterdamLocalToRfc3339('2026-02-31T10:00')).toBeUndefined();
    expect(amsterdamLocalToRfc3339('')).toBeUndefined();
  });

  it('defaults to now on the Amsterdam clock', () => {
    expect(toAmsterdamLocal(now)).toBe('2026-03-10T13:00');
    expect(receivedAtProblem(toAmsterdamLocal(now), now)).toBeUndefined();
  });

  it('refuses a moment ahead of now or more than 30 days back, as the domain does', () => {
    expect(receivedAtProblem('2026-03-10T13:30', now)).toBe('in-future');
    expect(receivedAtProblem('2026-02-08T12:59', now)).toBe('too-old');
    expect(receivedAtProblem('2026-02-09T14:00', now)).toBeUndefined();
    expect(receivedAtProblem('', now)).toBe('required');
  });
});

describe('intakeBody', () => {
  it('makes a body the API accepts from a filled form', () => {
    const body = intakeBody(filled(), { kind: 'new' }, receivedBy);
    expect(registerReportBodySchema.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({ newFamily: true, receivedAt: '2026-03-10T13:00:00+01:00' });
    expect(body.household.members[1]).toEqual({ role: 'child', name: { givenNames: 'Sem', familyName: 'Jansen' }, dateOfBirth: null });
    expect(body.referrer).toEqual({
      kind: 'professional',
      name: 'J. de Vries',
      organisation: 'Politie',
      role: 'Wijkagent',
      contact: {},
      namingEndangers: false,
    });
  });

  it('links a known case, or keeps a new family apart with a reason', () => {
    expect(intakeBody(filled(), { kind: 'case', caseId: 'case-1' }, receivedBy)).toMatchObject({ caseId: 'case-1' });
    const values = filled();
    values.separateFrom.reason = 'Andere Anna Jansen.';
    const body = intakeBody(values, { kind: 'separate', caseIds: ['case-1'] }, receivedBy);
    expect(body).toMatchObject({ newFamily: true, separateFrom: { caseIds: ['case-1'], reason: 'Andere Anna Jansen.' } });
    expect(registerReportBodySchema.safeParse(body).success).toBe(true);
  });

  it('sends only the fields of the kind of referrer chosen', () => {
    const values = filled();
    values.referrer = { ...values.referrer, kind: 'anonymous' };
    expect(intakeBody(values, { kind: 'new' }, receivedBy).referrer).toEqual({ kind: 'anonymous' });
    values.referrer = { ...values.referrer, kind: 'citizen', relationToFamily: 'Buurvrouw' };
    const body = intakeBody(values, { kind: 'new' }, receivedBy);
    expect(body.referrer).toEqual({
      kind: 'citizen',
      name: 'J. de Vries',
      relationToFamily: 'Buurvrouw',
      contact: {},
      namingEndangers: false,
    });
    expect(registerAdviceRequestBodySchema.safeParse(body).success).toBe(true);
  });

  it('sends the consent and its channel as chosen, and leaves it to the contact details when not chosen', () => {
    const values = filled();
    values.referrer = { ...values.referrer, contact: { email: 'j@example.org', phone: '' }, feedback: 'phone', namingEndangers: true };
    expect(intakeBody(values, { kind: 'new' }, receivedBy).referrer).toMatchObject({
      feedbackConsent: { kind: 'granted', channel: 'phone' },
      namingEndangers: true,
    });
    values.referrer.feedback = 'declined';
    expect(intakeBody(values, { kind: 'new' }, receivedBy).referrer).toMatchObject({ feedbackConsent: { kind: 'declined' } });
    values.referrer.feedback = '';
    expect(intakeBody(values, { kind: 'new' }, receivedBy).referrer).not.toHaveProperty('feedbackConsent');
  });

  it('sends an informant without contact details or consent: an informant hears nothing back', () => {
    const values = filled();
    values.referrer = {
      ...values.referrer,
      kind: 'informant',
      name: '',
      relationToFamily: 'Oom',
      feedback: 'email',
      namingEndangers: true,
    };
    const body = intakeBody(values, { kind: 'new' }, receivedBy);
    expect(body.referrer).toEqual({ kind: 'informant', relationToFamily: 'Oom', namingEndangers: true });
    expect(registerReportBodySchema.safeParse(body).success).toBe(true);
  });

  it('leaves an unchosen role empty, so the schema names it in Dutch', () => {
    const values = filled();
    values.household.members[0].role = '';
    const result = registerReportBodySchema.safeParse(intakeBody(values, { kind: 'new' }, receivedBy));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['household.members.0.role', 'Kies volwassene of kind.'],
    ]);
  });
});

describe('known-family search', () => {
  it('asks per member with names and date of birth, and for the address', () => {
    const searches = familySearches(filled());
    expect(searches).toEqual([
      { givenNames: 'Anna', familyName: 'Jansen', dateOfBirth: '1988-04-02', limit: 5, receivedAt: '2026-03-10T13:00:00+01:00' },
      { postcode: '4201 AB', houseNumber: '12', limit: 5, receivedAt: '2026-03-10T13:00:00+01:00' },
    ]);
  });

  it('asks nothing for a half-typed household', () => {
    const values = defaultIntakeValues(now);
    values.household.members[0].name = { givenNames: 'Anna', prefix: '', familyName: 'Jansen' };
    values.household.address.postcode = '4201';
    values.household.address.houseNumber = '12';
    expect(familySearches(values)).toEqual([]);
  });

  it('merges the answers per case, exact first', () => {
    const merged = mergeCandidates([
      { candidates: [candidate({ caseId: 'a', score: 0.4, reasons: ['same-postcode-house-number'] })] },
      {
        candidates: [
          candidate({ caseId: 'b', score: 0.6 }),
          candidate({ caseId: 'a', score: 0.9, exact: true, reasons: ['same-name-and-birth-date'] }),
        ],
      },
    ]);
    expect(merged.map((c) => [c.caseId, c.exact, c.score, c.reasons])).toEqual([
      ['a', true, 0.9, ['same-postcode-house-number', 'same-name-and-birth-date']],
      ['b', false, 0.6, ['same-name']],
    ]);
  });

  it('registers a new family as a first report and a linked one as the server classifies its case', () => {
    const candidates = [candidate({ caseId: 'a', classification: 'repeat' })];
    expect(expectedClassification({ kind: 'new' }, candidates)).toBe('first');
    expect(expectedClassification({ kind: 'separate', caseIds: ['a'] }, candidates)).toBe('first');
    expect(expectedClassification({ kind: 'case', caseId: 'a' }, candidates)).toBe('repeat');
    expect(expectedClassification({ kind: 'case', caseId: 'z' }, candidates)).toBeUndefined();
  });
});
