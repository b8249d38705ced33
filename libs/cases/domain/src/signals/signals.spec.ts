import type { OpenedCase } from '../case.state';
import type { OrganisationRef } from '../case.types';
import { actorOf, command, vtAnna, vtBram } from '../testing/case-fixtures';
import { given, history } from '../testing/case-spec';
import { assessedCommands, reportedCommands } from '../testing/case-scenarios';

const jeugdzorg: OrganisationRef = { organisationId: 'jeugdzorg', name: 'Jeugdzorg Zuid', kind: 'other' };
const school: OrganisationRef = { organisationId: 'obs-linge', name: 'OBS De Linge', kind: 'other' };
const partnerActor = { userId: 'jz-eva', organisationId: 'jeugdzorg' };

const withPartner = () => [
  ...reportedCommands(),
  command(
    'cases.register-chain-partner',
    { partnerId: 'p1', organisation: jeugdzorg, role: 'youth-protection', task: 'Gezinsbegeleiding' },
    '2026-03-03T09:00:00Z',
  ),
];

const referrerSignal = (overrides: Partial<{ signalId: string; reportId: string; kind: string; reason: string }> = {}) =>
  command(
    'cases.raise-signal',
    {
      signalId: overrides.signalId ?? 's1',
      source: { kind: 'referrer', reportId: overrides.reportId ?? 'r1' },
      kind: (overrides.kind ?? 'aid-stalls') as 'aid-stalls',
      reason: overrides.reason ?? '  Al drie weken geen contact.  ',
    },
    '2026-03-10T09:00:00Z',
    { userId: 'els', organisationId: 'obs-linge' },
  );

const partnerSignal = (organisationId = 'jeugdzorg', kind = 'task-stalls') =>
  command(
    'cases.raise-signal',
    { signalId: 's2', source: { kind: 'chain-partner', organisationId }, kind: kind as 'task-stalls', reason: 'Gezin niet thuis.' },
    '2026-03-10T09:00:00Z',
    partnerActor,
  );

describe('cases.raise-signal', () => {
  it("records a referrer's signal on their report, reason trimmed", () => {
    const state = given(history(reportedCommands()))
      .when(referrerSignal())
      .then([
        {
          type: 'cases.signal-raised',
          schemaVersion: 1,
          data: {
            signalId: 's1',
            source: { kind: 'referrer', reportId: 'r1' },
            kind: 'aid-stalls',
            reason: 'Al drie weken geen contact.',
            raisedAt: '2026-03-10T09:00:00.000Z',
          },
        },
      ]) as OpenedCase;
    expect(state.signals).toEqual([
      {
        signalId: 's1',
        source: { kind: 'referrer', reportId: 'r1' },
        kind: 'aid-stalls',
        reason: 'Al drie weken geen contact.',
        raisedAt: '2026-03-10T09:00:00.000Z',
        status: 'open',
        acknowledged: null,
      },
    ]);
  });

  it('refuses a report that is not in the case, and partner kinds from a referrer', () => {
    given(history(reportedCommands()))
      .when(referrerSignal({ reportId: 'r9' }))
      .thenError('case.report-not-found', { category: 'not-found' });
    given(history(reportedCommands()))
      .when(referrerSignal({ kind: 'task-stalls' }))
      .thenError('case.signal-kind-not-fitting', { path: 'kind' });
  });

  it('records a chain partner with an active involvement, named as the case knows it', () => {
    given(history(withPartner()))
      .when(partnerSignal())
      .then([
        {
          type: 'cases.signal-raised',
          schemaVersion: 1,
          data: {
            signalId: 's2',
            source: { kind: 'chain-partner', organisation: jeugdzorg },
            kind: 'task-stalls',
            reason: 'Gezin niet thuis.',
            raisedAt: '2026-03-10T09:00:00.000Z',
          },
        },
      ]);
  });

  it('accepts an organisation that owns a safety condition in the plan', () => {
    const withCondition = [
      ...assessedCommands(),
      command(
        'cases.add-safety-condition',
        { conditionId: 'sc1', text: 'Kind gaat elke dag naar school.', owner: { organisation: school }, dueOn: '2026-04-01' },
        '2026-03-06T09:00:00Z',
      ),
    ];
    given(history(withCondition)).when(partnerSignal('obs-linge', 'family-stopped-cooperating')).thenTypes(['cases.signal-raised']);
  });

  it('refuses an organisation without a task or whose involvement ended, and referrer kinds from a partner', () => {
    given(history(withPartner())).when(partnerSignal('elsewhere')).thenError('case.no-task-in-case', { category: 'forbidden' });
    const ended = [
      ...withPartner(),
      command('cases.end-chain-partner-involvement', { partnerId: 'p1', reason: 'Klaar.' }, '2026-03-04T09:00:00Z'),
    ];
    given(history(ended)).when(partnerSignal()).thenError('case.no-task-in-case');
    given(history(withPartner())).when(partnerSignal('jeugdzorg', 'new-concerns')).thenError('case.signal-kind-not-fitting');
  });

  it('wants a reason of at most 1000 characters', () => {
    given(history(reportedCommands()))
      .when(referrerSignal({ reason: '   ' }))
      .thenError('case.required', { path: 'reason' });
    given(history(reportedCommands()))
      .when(referrerSignal({ reason: 'x'.repeat(1001) }))
      .thenError('case.text-too-long', { path: 'reason' });
    given(history(reportedCommands()))
      .when(referrerSignal({ reason: 'x'.repeat(1000) }))
      .thenTypes(['cases.signal-raised']);
  });

  it('refuses a signal id already used', () => {
    given(history([...reportedCommands(), referrerSignal()]))
      .when(referrerSignal({ kind: 'new-concerns' }))
      .thenError('case.signal-exists', { path: 'signalId' });
  });

  it('tells the referrer to make a new report once the case is closed', () => {
    const closed = [
      ...assessedCommands(),
      command('cases.close-case', { outcome: 'other', notes: 'Hulp loopt elders.' }, '2026-03-06T09:00:00Z'),
    ];
    const error = given(history(closed)).when(referrerSignal()).thenError('case.signal-on-closed-case');
    expect(error.message).toContain('nieuwe melding');
  });
});

describe('cases.acknowledge-signal', () => {
  const raised = () => history([...reportedCommands(), referrerSignal()]);
  const acknowledge = (signalId = 's1', actor = actorOf(vtAnna)) =>
    command(
      'cases.acknowledge-signal',
      { signalId, note: ' Huisbezoek gepland. ', by: { personId: actor.userId, name: 'Naam' } },
      '2026-03-11T09:00:00Z',
      actor,
    );

  it('lets the director mark it seen, with a note', () => {
    const state = given(raised())
      .when(acknowledge())
      .then([
        {
          type: 'cases.signal-acknowledged',
          schemaVersion: 1,
          data: {
            signalId: 's1',
            note: 'Huisbezoek gepland.',
            acknowledgedBy: { personId: 'vt-anna', name: 'Naam' },
            acknowledgedAt: '2026-03-11T09:00:00.000Z',
          },
        },
      ]) as OpenedCase;
    expect(state.signals[0]).toMatchObject({
      status: 'acknowledged',
      acknowledged: { at: '2026-03-11T09:00:00.000Z', by: { personId: 'vt-anna', name: 'Naam' }, note: 'Huisbezoek gepland.' },
    });
  });

  it("lets a colleague of the director's team acknowledge for the director, and no one else", () => {
    given(raised())
      .when(acknowledge('s1', actorOf(vtBram)))
      .thenTypes(['cases.signal-acknowledged']);
    given(raised()).when(acknowledge('s1', partnerActor)).thenError('case.not-director', { category: 'forbidden' });
  });

  it('refuses an unknown signal and a second acknowledgement', () => {
    given(raised()).when(acknowledge('s9')).thenError('case.signal-not-found', { category: 'not-found' });
    given(history([...reportedCommands(), referrerSignal(), acknowledge()]))
      .when(acknowledge())
      .thenError('case.signal-already-acknowledged');
  });
});
