import type { OpenedCase } from '../case.state';
import type { Owner } from '../case.types';
import { actorOf, command, ltCarla, registerAdviceRequest } from '../testing/case-fixtures';
import { given, history, stateAfter } from '../testing/case-spec';
import { handedOver, handedOverCommands } from '../testing/case-scenarios';

const owner: Owner = { organisation: ltCarla.organisation, person: ltCarla.person };
const add = (conditionId = 'c1', dueOn = '2026-04-01') =>
  command(
    'cases.add-safety-condition',
    { conditionId, text: 'Vader woont tijdelijk elders.', owner, dueOn },
    '2026-03-10T09:00:00Z',
    actorOf(ltCarla),
  );

describe('the one plan', () => {
  it('adds a safety condition with owner and due date', () => {
    const state = given(handedOver())
      .when(add())
      .then([
        {
          type: 'cases.safety-condition-added',
          schemaVersion: 1,
          data: {
            conditionId: 'c1',
            text: 'Vader woont tijdelijk elders.',
            owner,
            dueOn: '2026-04-01',
            addedAt: '2026-03-10T09:00:00.000Z',
          },
        },
      ]) as OpenedCase;
    expect(state.plan.safetyConditions).toEqual([
      { conditionId: 'c1', text: 'Vader woont tijdelijk elders.', owner, dueOn: '2026-04-01', status: 'open' },
    ]);
  });

  it('requires an owner organisation and a valid due date that is not in the past (invariant 2)', () => {
    given(handedOver())
      .when(
        command(
          'cases.add-safety-condition',
          { conditionId: 'c1', text: 'x', owner: {} as Owner, dueOn: '2026-04-01' },
          '2026-03-10T09:00:00Z',
          actorOf(ltCarla),
        ),
      )
      .thenError('case.required', { path: 'owner.organisation.organisationId' });
    given(handedOver())
      .when(
        command('cases.add-safety-condition', { conditionId: 'c1', text: 'x', owner, dueOn: '' }, '2026-03-10T09:00:00Z', actorOf(ltCarla)),
      )
      .thenError('case.required', { path: 'dueOn' });
    given(handedOver()).when(add('c1', '2026-13-01')).thenError('case.invalid-date', { path: 'dueOn' });
    given(handedOver()).when(add('c1', '2026-03-09')).thenError('case.date-in-past', { path: 'dueOn' });
    given(history([...handedOverCommands(), add()]))
      .when(add())
      .thenError('case.safety-condition-exists');
  });

  it('revises a condition and records met / not met, keeping each change as an event', () => {
    const events = history([
      ...handedOverCommands(),
      add(),
      command(
        'cases.revise-safety-condition',
        {
          conditionId: 'c1',
          text: 'Vader woont elders tot de training is afgerond.',
          owner,
          dueOn: '2026-05-01',
          reason: 'Wachtlijst training',
        },
        '2026-03-20T09:00:00Z',
        actorOf(ltCarla),
      ),
      command(
        'cases.record-safety-condition-status',
        { conditionId: 'c1', status: 'not-met', notes: 'Vader was thuis.' },
        '2026-04-02T09:00:00Z',
        actorOf(ltCarla),
      ),
      command(
        'cases.record-safety-condition-status',
        { conditionId: 'c1', status: 'met', notes: '' },
        '2026-05-01T09:00:00Z',
        actorOf(ltCarla),
      ),
    ]);
    expect(events.slice(-4).map((event) => event.type)).toEqual([
      'cases.safety-condition-added',
      'cases.safety-condition-revised',
      'cases.safety-condition-status-recorded',
      'cases.safety-condition-status-recorded',
    ]);
    const state = stateAfter(events) as OpenedCase;
    expect(state.plan.safetyConditions[0]).toMatchObject({ dueOn: '2026-05-01', status: 'met' });
    given(events)
      .when(
        command(
          'cases.revise-safety-condition',
          { conditionId: 'c1', text: 'x', owner, dueOn: '2026-06-01', reason: 'x' },
          '2026-05-02T09:00:00Z',
          actorOf(ltCarla),
        ),
      )
      .thenError('case.safety-condition-already-met');
    given(events)
      .when(
        command(
          'cases.record-safety-condition-status',
          { conditionId: 'c9', status: 'met', notes: '' },
          '2026-05-02T09:00:00Z',
          actorOf(ltCarla),
        ),
      )
      .thenError('case.safety-condition-not-found', { category: 'not-found' });
  });

  it('replaces an aid or recovery part as a whole', () => {
    const agreements = [{ agreementId: 'a1', text: 'Opvoedondersteuning', owner, dueOn: '2026-06-01' }];
    const state = given(handedOver())
      .when(
        command(
          'cases.update-plan-part',
          { part: 'aid', description: 'Hulp bij opvoeding', agreements },
          '2026-03-10T09:00:00Z',
          actorOf(ltCarla),
        ),
      )
      .then([
        {
          type: 'cases.plan-part-updated',
          schemaVersion: 1,
          data: { part: 'aid', description: 'Hulp bij opvoeding', agreements, updatedAt: '2026-03-10T09:00:00.000Z' },
        },
      ]) as OpenedCase;
    expect(state.plan.parts.aid.agreements).toEqual(agreements);
    expect(state.plan.parts.recovery.agreements).toEqual([]);
    given(handedOver())
      .when(
        command(
          'cases.update-plan-part',
          { part: 'recovery', description: '', agreements: [agreements[0], agreements[0]] },
          '2026-03-10T09:00:00Z',
          actorOf(ltCarla),
        ),
      )
      .thenError('case.duplicate-id', { path: 'agreements.1.agreementId' });
  });

  it('has no plan on an advice-only case', () => {
    given(history([registerAdviceRequest('a1', '2026-02-02T09:00:00Z')]))
      .when(add())
      .thenError('case.invalid-transition');
  });
});
