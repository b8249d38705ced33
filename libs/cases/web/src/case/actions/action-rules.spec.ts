import type { CaseAction } from '@ketenregie/contracts';
import { arrangeActions, itemOf, needsConfirmation, visibilityOf } from './action-rules';

const allowed = (action: CaseAction['action'], target?: CaseAction['target']): CaseAction => ({
  action,
  allowed: true,
  ...(target ? { target } : {}),
});
const refused = (action: CaseAction['action'], code: string, reason = `Niet: ${code}`): CaseAction => ({
  action,
  allowed: false,
  code,
  reason,
});

describe('which refused actions a user sees', () => {
  it('shows an expected action refused for lack of authority, with its reason', () => {
    expect(visibilityOf(refused('schedule-rappels', 'case.not-rappel-scheduler'), 'handed_over')).toBe('unavailable');
    expect(visibilityOf(refused('close-case', 'case.action-forbidden'), 'assessed')).toBe('unavailable');
  });

  it('hides a steering action refused for authority when it does not fit the case now', () => {
    // The server checks authority first, so "not the director" also comes for actions the status does not allow.
    expect(visibilityOf(refused('start-investigation', 'case.not-director'), 'handed_over')).toBe('hidden');
    expect(visibilityOf(refused('complete-investigation', 'case.not-director'), 'monitoring')).toBe('hidden');
  });

  it('hides an action that does not fit the state, whatever the status expects', () => {
    expect(visibilityOf(refused('close-case', 'case.invalid-transition'), 'assessed')).toBe('hidden');
    expect(visibilityOf(refused('start-safety-assessment', 'case.assessment-already-started'), 'in_safety_assessment')).toBe('hidden');
    expect(visibilityOf(refused('escalate-case', 'case.already-with-veilig-thuis'), 'handed_over')).toBe('hidden');
  });

  it('shows an expected action that waits for an earlier step', () => {
    expect(visibilityOf(refused('close-case', 'case.recidivism-flag-unacknowledged'), 'assessed')).toBe('unavailable');
    expect(visibilityOf(refused('complete-safety-assessment', 'case.assessment-not-started'), 'received')).toBe('unavailable');
  });

  it("shows the receiver's actions to the receiver only, and the withdrawal to the offerer only", () => {
    expect(visibilityOf(refused('accept-handover', 'case.already-director'), 'handover_offered')).toBe('hidden');
    expect(visibilityOf(refused('withdraw-handover', 'case.not-handover-offerer'), 'handover_offered')).toBe('hidden');
    expect(visibilityOf(refused('accept-handover', 'case.not-handover-receiver'), 'handover_offered')).toBe('unavailable');
  });

  it('shows a refused plan action only for lack of authority', () => {
    expect(visibilityOf(refused('add-safety-condition', 'case.not-director'), 'handed_over')).toBe('unavailable');
    expect(visibilityOf(refused('add-safety-condition', 'case.closed'), 'closed')).toBe('hidden');
  });
});

describe('the primary action per status', () => {
  it('starts, then completes, the assessment', () => {
    const received = arrangeActions({
      status: 'received',
      actions: [
        allowed('start-safety-assessment'),
        refused('complete-safety-assessment', 'case.assessment-not-started'),
        refused('close-case', 'case.assessment-not-completed'),
      ],
    });
    expect(received.primary?.item).toBe('start-safety-assessment');
    expect(received.more.map((shown) => shown.item)).toEqual(['complete-safety-assessment']);
    const assessing = arrangeActions({ status: 'in_safety_assessment', actions: [allowed('complete-safety-assessment')] });
    expect(assessing.primary?.item).toBe('complete-safety-assessment');
  });

  it('puts an open recidivism flag before the route choice', () => {
    const { primary, more } = arrangeActions({
      status: 'assessed',
      actions: [
        allowed('start-investigation'),
        allowed('de-escalate'),
        allowed('acknowledge-recidivism-flag', { flagId: 'f1' }),
        refused('close-case', 'case.recidivism-flag-unacknowledged'),
      ],
    });
    expect(primary?.item).toBe('acknowledge-recidivism-flag');
    expect(more.map((shown) => shown.item)).toEqual(['choose-route', 'offer-handover', 'close-case']);
    expect(more[2]).toMatchObject({ allowed: false, reason: 'Niet: case.recidivism-flag-unacknowledged' });
  });

  it('groups the three routes into one allowed choice', () => {
    const { primary } = arrangeActions({
      status: 'assessed',
      actions: [
        refused('start-conditions-and-follow-up', 'case.invalid-transition'),
        allowed('start-investigation'),
        allowed('request-child-protection-investigation'),
      ],
    });
    expect(primary).toMatchObject({ item: 'choose-route', allowed: true });
    expect(primary?.actions.map((action) => action.action)).toEqual(['start-investigation', 'request-child-protection-investigation']);
  });

  it('offers acceptance to the receiver and withdrawal to the offerer', () => {
    const receiver = arrangeActions({
      status: 'handover_offered',
      actions: [allowed('accept-handover'), allowed('decline-handover'), refused('withdraw-handover', 'case.not-handover-offerer')],
    });
    expect(receiver.primary?.item).toBe('accept-handover');
    expect(receiver.more.map((shown) => shown.item)).toEqual(['decline-handover']);
    const offerer = arrangeActions({
      status: 'handover_offered',
      actions: [refused('accept-handover', 'case.already-director'), allowed('withdraw-handover')],
    });
    expect(offerer.primary?.item).toBe('withdraw-handover');
    expect(offerer.more).toEqual([]);
    // The server names the receiver first; the offerer still does not expect to accept.
    const offeringTeam = arrangeActions({
      status: 'handover_offered',
      actions: [
        refused('accept-handover', 'case.not-handover-receiver'),
        refused('decline-handover', 'case.not-handover-receiver'),
        allowed('withdraw-handover'),
      ],
    });
    expect(offeringTeam.more).toEqual([]);
    // A third professional sees who can accept.
    const bystander = arrangeActions({
      status: 'handover_offered',
      actions: [refused('accept-handover', 'case.not-handover-receiver'), refused('withdraw-handover', 'case.not-handover-offerer')],
    });
    expect(bystander.primary).toMatchObject({ item: 'accept-handover', allowed: false });
  });

  it('plans rappels after a hand-over, then records their outcome', () => {
    expect(arrangeActions({ status: 'handed_over', actions: [allowed('schedule-rappels'), allowed('escalate-case')] }).primary?.item).toBe(
      'schedule-rappels',
    );
    expect(
      arrangeActions({ status: 'monitoring', actions: [allowed('escalate-case'), allowed('record-rappel-outcome', { rappelId: 'r1' })] })
        .primary?.item,
    ).toBe('record-rappel-outcome');
  });

  it('shows the expected next step with its reason as primary when the user may not take it', () => {
    const { primary } = arrangeActions({
      status: 'handed_over',
      actions: [refused('schedule-rappels', 'case.not-rappel-scheduler', 'De rappels plant Veilig Thuis.'), allowed('escalate-case')],
    });
    expect(primary).toMatchObject({ item: 'schedule-rappels', allowed: false, reason: 'De rappels plant Veilig Thuis.' });
  });

  it('has nothing to do on a closed case', () => {
    expect(arrangeActions({ status: 'closed', actions: [refused('close-case', 'case.closed')] })).toEqual({ primary: undefined, more: [] });
  });

  it('keeps plan actions out of the buttons and maps de-escalation to the hand-over offer', () => {
    expect(itemOf('update-plan-part')).toBeUndefined();
    expect(itemOf('register-chain-partner')).toBeUndefined();
    expect(itemOf('end-chain-partner')).toBeUndefined();
    expect(itemOf('de-escalate')).toBe('offer-handover');
    expect(needsConfirmation('offer-handover')).toBe(true);
    expect(needsConfirmation('schedule-rappels')).toBe(false);
  });
});
