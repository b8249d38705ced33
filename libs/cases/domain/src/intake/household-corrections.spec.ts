import type { OpenedCase } from '../case.state';
import type { HouseholdMember } from '../case.types';
import { actorOf, command, household, ltCarla, outsider, registerAdviceRequest, registerReport, vtBram } from '../testing/case-fixtures';
import { given, history } from '../testing/case-spec';

const [jan, fatima, sara] = household.members;
const when = '2026-03-05T10:00:00.000Z';

const typo: HouseholdMember = { memberId: 'p1', role: 'adult', name: { givenNames: 'Jna', familyName: 'Berg' }, dateOfBirth: null };
const neighbour: HouseholdMember = {
  memberId: 'p2',
  role: 'adult',
  name: { givenNames: 'Piet', familyName: 'Buurman' },
  dateOfBirth: null,
};

/** A case whose second report named the father without a date of birth and with a typo, and a neighbour. */
const withPhantoms = history([
  registerReport('r1', '2026-03-02T09:00:00Z'),
  registerReport('r2', '2026-03-03T09:00:00Z', { household: { ...household, members: [typo, neighbour] } }),
]);

const membersOf = (state: unknown) => (state as OpenedCase).household.members;

describe('the director merges two members who are one person', () => {
  it('records the merge with both names and the reason; the surviving member keeps the other spellings', () => {
    const state = given(withPhantoms)
      .when(
        command(
          'cases.merge-members',
          { survivingMemberId: 'm1', mergedMemberId: 'p1', reason: 'Typefout in de melding van de politie.' },
          when,
        ),
      )
      .then([
        {
          type: 'cases.members-merged',
          schemaVersion: 1,
          data: {
            survivingMemberId: 'm1',
            mergedMemberId: 'p1',
            survivingName: jan.name,
            mergedName: typo.name,
            reason: 'Typefout in de melding van de politie.',
            mergedAt: when,
          },
        },
      ]);
    expect(membersOf(state).map((member) => member.memberId)).toEqual(['m1', 'm2', 'm3', 'p2']);
    expect(membersOf(state)[0]).toEqual({ ...jan, otherNames: [typo.name] });
  });

  it('gives the surviving member the date of birth it lacked', () => {
    const state = given(withPhantoms)
      .when(command('cases.merge-members', { survivingMemberId: 'p1', mergedMemberId: 'm1', reason: 'Zelfde persoon.' }, when))
      .thenTypes(['cases.members-merged']).state;
    expect(membersOf(state).find((member) => member.memberId === 'p1')).toEqual({
      ...typo,
      dateOfBirth: jan.dateOfBirth,
      otherNames: [jan.name],
    });
  });

  it('needs two different members of this household and a reason', () => {
    const merge = (data: { survivingMemberId: string; mergedMemberId: string; reason: string }) =>
      given(withPhantoms).when(command('cases.merge-members', data, when));
    merge({ survivingMemberId: 'm1', mergedMemberId: 'nobody', reason: 'x' }).thenError('case.member-not-found', {
      path: 'mergedMemberId',
    });
    merge({ survivingMemberId: 'nobody', mergedMemberId: 'm1', reason: 'x' }).thenError('case.member-not-found', {
      path: 'survivingMemberId',
    });
    merge({ survivingMemberId: 'm1', mergedMemberId: 'm1', reason: 'x' }).thenError('case.same-member', { path: 'mergedMemberId' });
    merge({ survivingMemberId: 'm1', mergedMemberId: 'p1', reason: '  ' }).thenError('case.required', { path: 'reason' });
  });

  it('is the director’s team’s decision', () => {
    given(withPhantoms)
      .when(command('cases.merge-members', { survivingMemberId: 'm1', mergedMemberId: 'p1', reason: 'Zelfde persoon.' }, when, outsider))
      .thenError('case.not-director', { category: 'forbidden' });
    given(withPhantoms)
      .when(
        command('cases.merge-members', { survivingMemberId: 'm1', mergedMemberId: 'p1', reason: 'Zelfde persoon.' }, when, actorOf(vtBram)),
      )
      .thenTypes(['cases.members-merged']);
  });
});

describe('the director removes a member entered by mistake', () => {
  it('records the removal with the name, the role and the reason; the reports stay as they were', () => {
    const state = given(withPhantoms)
      .when(command('cases.remove-member', { memberId: 'p2', reason: 'De buurman hoort niet bij het gezin.' }, when))
      .then([
        {
          type: 'cases.member-removed',
          schemaVersion: 1,
          data: { memberId: 'p2', role: 'adult', name: neighbour.name, reason: 'De buurman hoort niet bij het gezin.', removedAt: when },
        },
      ]);
    expect(membersOf(state).map((member) => member.memberId)).toEqual(['m1', 'm2', 'm3', 'p1']);
    expect((state as OpenedCase).reports).toHaveLength(2);
  });

  it('refuses an unknown member, the last member, no reason, and anyone outside the director’s team', () => {
    given(withPhantoms)
      .when(command('cases.remove-member', { memberId: 'nobody', reason: 'x' }, when))
      .thenError('case.member-not-found', { path: 'memberId' });
    given(withPhantoms)
      .when(command('cases.remove-member', { memberId: 'p2', reason: '' }, when))
      .thenError('case.required', { path: 'reason' });
    given(withPhantoms)
      .when(command('cases.remove-member', { memberId: 'p2', reason: 'Vergissing.' }, when, actorOf(ltCarla)))
      .thenError('case.not-director', { category: 'forbidden' });
    const single = history([registerReport('r1', '2026-03-02T09:00:00Z', { household: { ...household, members: [sara] } })]);
    given(single)
      .when(command('cases.remove-member', { memberId: 'm3', reason: 'Vergissing.' }, when))
      .thenError('case.last-member');
  });

  it('lets a later report name a removed person again, as a new member', () => {
    const removed = given(withPhantoms)
      .when(command('cases.remove-member', { memberId: 'p2', reason: 'Vergissing.' }, when))
      .thenTypes(['cases.member-removed']);
    const { state } = given([...withPhantoms, ...removed.events])
      .when(
        registerReport('r3', '2026-03-06T09:00:00Z', { household: { ...household, members: [{ ...neighbour, memberId: 'p3' }, fatima] } }),
      )
      .thenTypes(['cases.report-received', 'cases.recidivism-flag-raised']);
    expect(membersOf(state).map((member) => member.memberId)).toEqual(['m1', 'm2', 'm3', 'p1', 'p3']);
  });
});

describe('a new case kept apart from a known family', () => {
  const separateFrom = { caseIds: ['case-known'], reason: 'Andere Jan van der Berg: woont sinds 2010 in Breda, andere kinderen.' };

  it('opens the case with the judgement, which cases it was kept apart from and why', () => {
    const { events } = given([])
      .when(registerReport('r1', when, { separateFrom }))
      .thenTypes(['cases.case-opened', 'cases.family-kept-separate', 'cases.report-received']);
    expect(events[1]).toEqual({
      type: 'cases.family-kept-separate',
      schemaVersion: 1,
      data: { separateFromCaseIds: ['case-known'], reason: separateFrom.reason, keptSeparateAt: when },
    });
    given([])
      .when(registerAdviceRequest('a1', when, { separateFrom }))
      .thenTypes(['cases.case-opened', 'cases.family-kept-separate', 'cases.advice-request-received']);
  });

  it('needs the known cases and a reason, and only opens a new case', () => {
    given([])
      .when(registerReport('r1', when, { separateFrom: { caseIds: [], reason: 'x' } }))
      .thenError('case.required', { path: 'separateFrom.caseIds' });
    given([])
      .when(registerReport('r1', when, { separateFrom: { caseIds: ['k'], reason: ' ' } }))
      .thenError('case.required', { path: 'separateFrom.reason' });
    given([])
      .when(registerReport('r1', when, { separateFrom: { caseIds: ['case-1'], reason: 'x' } }))
      .thenError('case.duplicate-id', { path: 'separateFrom.caseIds' });
    given(withPhantoms)
      .when(registerReport('r3', when, { separateFrom }))
      .thenError('case.separation-for-known-case', { path: 'separateFrom' });
  });
});
