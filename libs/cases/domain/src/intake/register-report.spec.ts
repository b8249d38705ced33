import { createCaseDecider } from '../case.decider';
import type { ReportReceived } from '../case.events';
import { defaultCasePolicy } from '../case.policy';
import type { OpenedCase } from '../case.state';
import {
  actorOf,
  caseId,
  command,
  familyId,
  household,
  ltCarla,
  registerAdviceRequest,
  registerReport,
  storedHousehold,
  teacher,
  vtAnna,
  vtBram,
} from '../testing/case-fixtures';
import { given, history, stateAfter } from '../testing/case-spec';
import { assessed, handedOver, handedOverCommands, reported } from '../testing/case-scenarios';

const reportData = (overrides: Partial<ReportReceived['data']>): ReportReceived['data'] => ({
  reportId: 'r1',
  referrer: teacher,
  sourceCategory: 'education-childcare',
  formsOfViolence: ['child-abuse', 'partner-violence'],
  concern: 'Kind vertelt over ruzies thuis en heeft blauwe plekken.',
  household: storedHousehold,
  classification: 'first',
  receivedAt: '2026-03-02T09:00:00.000Z',
  receivedOn: '2026-03-02',
  assessmentId: 'r1',
  assessmentDueOn: '2026-03-09',
  ...overrides,
  // Typed in when received, unless a test says otherwise.
  registeredAt: overrides.registeredAt ?? overrides.receivedAt ?? '2026-03-02T09:00:00.000Z',
});

describe('cases.register-report', () => {
  it('opens the case with the intake professional as first director and classifies a first report', () => {
    given([])
      .when(registerReport('r1', '2026-03-02T09:00:00Z'))
      .then([
        {
          type: 'cases.case-opened',
          schemaVersion: 1,
          data: {
            caseId,
            familyId,
            household: storedHousehold,
            director: vtAnna,
            openedWith: 'report',
            openedAt: '2026-03-02T09:00:00.000Z',
          },
        },
        { type: 'cases.report-received', schemaVersion: 1, data: reportData({}) },
      ]);
  });

  it('sets the assessment deadline 5 working days out, across Christmas and New Year', () => {
    const { events } = given([])
      .when(registerReport('r1', '2025-12-23T09:00:00Z'))
      .thenTypes(['cases.case-opened', 'cases.report-received']);
    expect(events[1].data).toMatchObject({ receivedOn: '2025-12-23', assessmentDueOn: '2026-01-02' });
  });

  it("sets the assessment deadline across Easter Monday and King's Day", () => {
    const { events } = given([])
      .when(registerReport('r1', '2025-04-17T09:00:00Z'))
      .thenTypes(['cases.case-opened', 'cases.report-received']);
    expect(events[1].data).toMatchObject({ receivedOn: '2025-04-17', assessmentDueOn: '2025-04-25' });
  });

  it('uses the region policy: a region that also closes on Good Friday gets a later deadline', () => {
    const region = createCaseDecider({
      ...defaultCasePolicy,
      calendar: { ...defaultCasePolicy.calendar, excludedHolidays: [...defaultCasePolicy.calendar.excludedHolidays, 'good-friday'] },
    });
    const { events } = given([], region)
      .when(registerReport('r1', '2025-04-17T09:00:00Z'))
      .thenTypes(['cases.case-opened', 'cases.report-received']);
    expect(events[1].data).toMatchObject({ assessmentDueOn: '2025-04-28' });
  });

  it('counts from the Amsterdam date: 23:30 UTC on a Friday is already Saturday in Amsterdam', () => {
    const { events } = given([])
      .when(registerReport('r1', '2026-03-06T23:30:00Z'))
      .thenTypes(['cases.case-opened', 'cases.report-received']);
    expect(events[1].data).toMatchObject({ receivedOn: '2026-03-07', assessmentDueOn: '2026-03-13' });
  });

  it('classifies a report while Veilig Thuis is involved as follow-up, joins the open assessment and raises a flag', () => {
    given(reported())
      .when(registerReport('r2', '2026-03-04T09:00:00Z', { referrer: { ...teacher, name: 'Piet Mulder' }, sourceCategory: 'police' }))
      .then([
        {
          type: 'cases.report-received',
          schemaVersion: 1,
          data: reportData({
            reportId: 'r2',
            referrer: { ...teacher, name: 'Piet Mulder' },
            sourceCategory: 'police',
            classification: 'follow-up',
            receivedAt: '2026-03-04T09:00:00.000Z',
            receivedOn: '2026-03-04',
            assessmentId: 'r1',
            assessmentDueOn: '2026-03-09',
          }),
        },
        {
          type: 'cases.recidivism-flag-raised',
          schemaVersion: 1,
          data: {
            flagId: 'r2',
            reportId: 'r2',
            classification: 'follow-up',
            earlierInvolvement: { kind: 'ongoing', status: 'received' },
            earlierDirector: vtAnna,
            earlierReportCount: 1,
            director: vtAnna,
            raisedAt: '2026-03-04T09:00:00.000Z',
          },
        },
      ]);
  });

  it('opens a new assessment for a follow-up report after the previous one was completed, without touching direction', () => {
    const { events, state } = given(handedOver())
      .when(registerReport('r2', '2026-04-01T09:00:00Z'))
      .thenTypes(['cases.report-received', 'cases.recidivism-flag-raised']);
    expect(events[0].data).toMatchObject({ classification: 'follow-up', assessmentId: 'r2', assessmentDueOn: '2026-04-09' }); // Easter Monday 6 April skipped
    expect(events[1].data).toMatchObject({ earlierInvolvement: { kind: 'ongoing', status: 'handed_over' }, director: ltCarla });
    const opened = state as OpenedCase;
    expect(opened.director).toEqual(ltCarla);
    expect(opened.status).toBe('handed_over');
  });

  it('classifies a report on a closed case as repeat, reopens it and flags the earlier outcome and director', () => {
    const closed = history([
      ...handedOverCommands(),
      command(
        'cases.close-case',
        { outcome: 'safety-established', notes: 'Veiligheid hersteld.' },
        '2026-06-01T09:00:00Z',
        actorOf(ltCarla),
      ),
    ]);
    const state = given(closed)
      .when(registerReport('r2', '2027-01-11T09:00:00Z', {}, actorOf(vtBram)))
      .then([
        {
          type: 'cases.case-reopened',
          schemaVersion: 1,
          data: {
            reportId: 'r2',
            previousOutcome: 'safety-established',
            previousDirector: ltCarla,
            director: vtAnna,
            reopenedAt: '2027-01-11T09:00:00.000Z',
          },
        },
        {
          type: 'cases.report-received',
          schemaVersion: 1,
          data: reportData({
            reportId: 'r2',
            classification: 'repeat',
            receivedAt: '2027-01-11T09:00:00.000Z',
            receivedOn: '2027-01-11',
            assessmentId: 'r2',
            assessmentDueOn: '2027-01-18',
          }),
        },
        {
          type: 'cases.recidivism-flag-raised',
          schemaVersion: 1,
          data: {
            flagId: 'r2',
            reportId: 'r2',
            classification: 'repeat',
            earlierInvolvement: { kind: 'ended', outcome: 'safety-established', closedOn: '2026-06-01' },
            earlierDirector: ltCarla,
            earlierReportCount: 1,
            director: vtAnna,
            raisedAt: '2027-01-11T09:00:00.000Z',
          },
        },
      ]) as OpenedCase;
    expect(state.status).toBe('received');
    expect(state.vtInvolvement).toBe('active');
    expect(state.director).toEqual(vtAnna);
  });

  it('classifies the first report after advice requests only as a first report', () => {
    const events = history([
      registerAdviceRequest('a1', '2026-02-02T09:00:00Z'),
      command('cases.close-case', { outcome: 'advice-given', notes: '' }, '2026-02-03T09:00:00Z'),
    ]);
    const { events: produced } = given(events)
      .when(registerReport('r1', '2026-03-02T09:00:00Z'))
      .thenTypes(['cases.case-reopened', 'cases.report-received']);
    expect(produced[1].data).toMatchObject({ classification: 'first' });
  });

  it('keeps every report as its own event, even with identical content (never merged)', () => {
    const events = history([registerReport('r1', '2026-03-02T09:00:00Z'), registerReport('r2', '2026-03-02T09:05:00Z')]);
    expect(events.filter((event) => event.type === 'cases.report-received')).toHaveLength(2);
    expect((stateAfter(events) as OpenedCase).reports.map((report) => report.reportId)).toEqual(['r1', 'r2']);
  });

  it('rejects a report id that is already registered', () => {
    given(reported()).when(registerReport('r1', '2026-03-03T09:00:00Z')).thenError('case.report-already-registered', {
      path: 'reportId',
      category: 'validation',
    });
  });

  it('rejects a report for another family on this case', () => {
    given(reported())
      .when(registerReport('r2', '2026-03-03T09:00:00Z', { familyId: 'family-2' }))
      .thenError('case.family-mismatch', { path: 'familyId' });
  });

  it('rejects an anonymous report: anonymity is for advice requests only', () => {
    given([])
      .when(registerReport('r1', '2026-03-02T09:00:00Z', { referrer: { kind: 'anonymous' } }))
      .thenError('case.anonymous-report-not-allowed', { path: 'referrer.kind', category: 'validation' });
  });

  it.each([
    [
      'an invalid postcode',
      { household: { ...household, address: { ...household.address, postcode: '0123 AB' } } },
      'case.invalid-postcode',
      'household.address.postcode',
    ],
    ['no household members', { household: { ...household, members: [] } }, 'case.required', 'household.members'],
    [
      'a date of birth in the future',
      { household: { ...household, members: [{ ...household.members[0], dateOfBirth: '2026-03-03' }] } },
      'case.date-in-future',
      'household.members.0.dateOfBirth',
    ],
    [
      'an impossible date of birth',
      { household: { ...household, members: [{ ...household.members[0], dateOfBirth: '2016-02-30' }] } },
      'case.invalid-date',
      'household.members.0.dateOfBirth',
    ],
    [
      'duplicate member ids',
      { household: { ...household, members: [household.members[0], { ...household.members[1], memberId: 'm1' }] } },
      'case.duplicate-id',
      'household.members.1.memberId',
    ],
    ['no forms of violence', { formsOfViolence: [] }, 'case.required', 'formsOfViolence'],
    ['an empty concern', { concern: '   ' }, 'case.required', 'concern'],
    [
      'a professional referrer without contact details',
      { referrer: { ...teacher, contact: {} } },
      'case.referrer-contact-required',
      'referrer.contact',
    ],
    [
      'a referrer e-mail field holding two addresses',
      { referrer: { ...teacher, contact: { email: 'juf@delinde.example, iemand@elders.example' } } },
      'case.invalid-email',
      'referrer.contact.email',
    ],
    [
      'a referrer e-mail address without a domain',
      { referrer: { ...teacher, contact: { email: 'juf@delinde' } } },
      'case.invalid-email',
      'referrer.contact.email',
    ],
    [
      'a director without organisation',
      { receivedBy: { person: vtAnna.person } as never },
      'case.required',
      'receivedBy.organisation.organisationId',
    ],
  ])('rejects %s with a field path', (_label, overrides, code, path) => {
    given([])
      .when(registerReport('r1', '2026-03-02T09:00:00Z', overrides as never))
      .thenError(code, { path, category: 'validation' });
  });

  it('keeps a referrer e-mail address without the spaces around it', () => {
    const { events } = given([])
      .when(registerReport('r1', '2026-03-02T09:00:00Z', { referrer: { ...teacher, contact: { email: '  juf@delinde.example ' } } }))
      .thenTypes(['cases.case-opened', 'cases.report-received']);
    expect(events[1].data).toMatchObject({ referrer: { contact: { email: 'juf@delinde.example' } } });
  });

  it('accepts a household member without a known date of birth', () => {
    const members = [{ ...household.members[0], dateOfBirth: null }];
    const { events } = given([])
      .when(registerReport('r1', '2026-03-02T09:00:00Z', { household: { ...household, members } }))
      .thenTypes(['cases.case-opened', 'cases.report-received']);
    expect(events[1].data).toMatchObject({ household: { members: [{ dateOfBirth: null }] } });
  });

  it('does not reset the assessment of an assessed case still choosing a route: a new report opens a new one', () => {
    const { events } = given(assessed())
      .when(registerReport('r2', '2026-03-06T09:00:00Z'))
      .thenTypes(['cases.report-received', 'cases.recidivism-flag-raised']);
    expect(events[0].data).toMatchObject({ assessmentId: 'r2', assessmentDueOn: '2026-03-13' });
  });
});
