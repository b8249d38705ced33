import type { OpenedCase } from '../case.state';
import { caseId, command, familyId, registerAdviceRequest, registerReport, storedHousehold, vtAnna } from '../testing/case-fixtures';
import { given, history, stateAfter } from '../testing/case-spec';
import { reported } from '../testing/case-scenarios';

describe('cases.register-advice-request', () => {
  it('opens an advice case for an anonymous referrer without starting an assessment', () => {
    const state = given([])
      .when(registerAdviceRequest('a1', '2026-02-02T09:00:00Z'))
      .then([
        {
          type: 'cases.case-opened',
          schemaVersion: 1,
          data: {
            caseId,
            familyId,
            household: storedHousehold,
            director: vtAnna,
            openedWith: 'advice-request',
            openedAt: '2026-02-02T09:00:00.000Z',
          },
        },
        {
          type: 'cases.advice-request-received',
          schemaVersion: 1,
          data: {
            adviceRequestId: 'a1',
            referrer: { kind: 'anonymous' },
            sourceCategory: 'citizen',
            formsOfViolence: ['child-abuse'],
            concern: 'Buurvrouw hoort vaak geschreeuw.',
            household: storedHousehold,
            receivedAt: '2026-02-02T09:00:00.000Z',
            registeredAt: '2026-02-02T09:00:00.000Z',
          },
        },
      ]) as OpenedCase;
    expect(state.status).toBe('advice');
    expect(state.assessments).toEqual([]);
    expect(state.vtInvolvement).toBe('none');
  });

  it('records an advice request on a case under assessment without changing its route', () => {
    const { state } = given(reported())
      .when(registerAdviceRequest('a1', '2026-03-03T09:00:00Z'))
      .thenTypes(['cases.advice-request-received']);
    expect((state as OpenedCase).status).toBe('received');
  });

  it('keeps a closed case closed when only advice is asked', () => {
    const closed = history([
      registerAdviceRequest('a1', '2026-02-02T09:00:00Z'),
      command('cases.close-case', { outcome: 'advice-given', notes: '' }, '2026-02-03T09:00:00Z'),
    ]);
    const { state } = given(closed).when(registerAdviceRequest('a2', '2026-05-02T09:00:00Z')).thenTypes(['cases.advice-request-received']);
    expect((state as OpenedCase).status).toBe('closed');
  });

  it('turns into a received case with a first report when a report follows advice', () => {
    const events = history([registerAdviceRequest('a1', '2026-02-02T09:00:00Z'), registerReport('r1', '2026-03-02T09:00:00Z')]);
    const state = stateAfter(events) as OpenedCase;
    expect(state.status).toBe('received');
    expect(state.reports[0].classification).toBe('first');
    expect(state.recidivismFlags).toEqual([]);
  });

  it('rejects a duplicate advice request id', () => {
    given(history([registerAdviceRequest('a1', '2026-02-02T09:00:00Z')]))
      .when(registerAdviceRequest('a1', '2026-02-02T10:00:00Z'))
      .thenError('case.advice-request-already-registered', { path: 'adviceRequestId' });
  });
});
