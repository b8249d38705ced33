import type { CaseAction, CaseActionName, CaseDetail } from '@ketenregie/contracts';

type Status = CaseDetail['status'];

/**
 * What the case page offers as one button. The three routes after an assessment share one dialog
 * ("Route kiezen"), and a hand-over offer is one button whether Veilig Thuis de-escalates or a
 * local team passes the case on: the user picks the receiver either way.
 */
export type ActionItem =
  | 'start-safety-assessment'
  | 'complete-safety-assessment'
  | 'choose-route'
  | 'complete-investigation'
  | 'offer-handover'
  | 'accept-handover'
  | 'decline-handover'
  | 'withdraw-handover'
  | 'escalate-case'
  | 'change-phase'
  | 'schedule-rappels'
  | 'record-rappel-outcome'
  | 'acknowledge-recidivism-flag'
  | 'close-case';

export const routeActions = ['start-conditions-and-follow-up', 'start-investigation', 'request-child-protection-investigation'] as const;

export type RouteAction = (typeof routeActions)[number];

/** Plan actions are edited in place on the plan, not offered as buttons next to the case. */
export const planActions = ['update-plan-part', 'add-safety-condition', 'record-safety-condition-status'] as const;

/** Chain partners are involved and ended on the "Ketenpartners" tab, next to the list of them. */
export const partnerActions = ['register-chain-partner', 'end-chain-partner'] as const;

const inPlace: readonly string[] = [...planActions, ...partnerActions];

export const itemOf = (action: CaseActionName): ActionItem | undefined => {
  if ((routeActions as readonly string[]).includes(action)) return 'choose-route';
  if (action === 'de-escalate') return 'offer-handover';
  if (inPlace.includes(action)) return undefined;
  return action as ActionItem;
};

// Refusals that say who may do it: the action fits the case, this user lacks the authority.
const authorityCodes: ReadonlySet<string> = new Set([
  'case.action-forbidden',
  'case.not-director',
  'case.not-handover-receiver',
  'case.not-handover-offerer',
  'case.not-condition-owner',
  'case.not-rappel-scheduler',
  'case.not-rappel-owner',
  'family.erased',
]);

// Refusals that say what must happen first: the action is next, but not yet.
const waitingCodes: ReadonlySet<string> = new Set([
  'case.assessment-not-started',
  'case.assessment-not-completed',
  'case.handover-pending',
  'case.recidivism-flag-unacknowledged',
  'case.investigation-not-completed',
]);

/**
 * The actions a professional expects next in each status. The server checks authority before the
 * state, so a user who may not steer hears "not the director" for every steering action, also those
 * that do not fit the case at all: only the expected ones are shown with that reason.
 */
const expectedByStatus: Record<Status, readonly ActionItem[]> = {
  advice: ['close-case'],
  received: ['start-safety-assessment', 'complete-safety-assessment'],
  acute: ['start-safety-assessment', 'complete-safety-assessment'],
  in_safety_assessment: ['complete-safety-assessment'],
  assessed: ['choose-route', 'offer-handover', 'close-case'],
  handover_offered: [],
  handed_over: ['schedule-rappels', 'escalate-case', 'offer-handover', 'close-case'],
  monitoring: ['escalate-case', 'close-case'],
  conditions_and_follow_up: ['offer-handover', 'choose-route', 'close-case'],
  under_investigation: ['complete-investigation'],
  referred_to_child_protection: ['close-case'],
  escalated: ['choose-route', 'offer-handover', 'close-case'],
  de_escalated: ['schedule-rappels', 'escalate-case', 'close-case'],
  closed: [],
};

// Actions on one item of the case (a flag, a rappel, a pending hand-over): the server lists them
// only while that item is open, so they are always expected.
const alwaysExpected: ReadonlySet<ActionItem> = new Set([
  'acknowledge-recidivism-flag',
  'record-rappel-outcome',
  'accept-handover',
  'decline-handover',
  'withdraw-handover',
]);

export type Visibility = 'available' | 'unavailable' | 'hidden';

/**
 * Allowed: a button. Refused for lack of authority or because something must happen first, and the
 * action is one the case expects now: visible with the reason. Any other refusal (the action does
 * not fit the case's state) hides it. A hand-over's other side is never the user's to expect: the
 * offerer does not accept their own offer, the receiver does not withdraw it.
 */
export const visibilityOf = (action: CaseAction, status: Status): Visibility => {
  if (action.allowed) return 'available';
  const item = itemOf(action.action);
  if (item === undefined) return inPlace.includes(action.action) && authorityCodes.has(action.code) ? 'unavailable' : 'hidden';
  if (action.code === 'case.already-director' && (item === 'accept-handover' || item === 'decline-handover')) return 'hidden';
  if (action.code === 'case.not-handover-offerer') return 'hidden';
  if (!authorityCodes.has(action.code) && !waitingCodes.has(action.code)) return 'hidden';
  return alwaysExpected.has(item) || expectedByStatus[status].includes(item) ? 'unavailable' : 'hidden';
};

// The next step per status, most urgent first; a flag to acknowledge blocks routes and closing.
const primaryByStatus: Record<Status, readonly ActionItem[]> = {
  advice: ['close-case'],
  received: ['acknowledge-recidivism-flag', 'start-safety-assessment', 'complete-safety-assessment'],
  acute: ['acknowledge-recidivism-flag', 'start-safety-assessment', 'complete-safety-assessment'],
  in_safety_assessment: ['acknowledge-recidivism-flag', 'complete-safety-assessment'],
  assessed: ['acknowledge-recidivism-flag', 'choose-route', 'offer-handover'],
  handover_offered: ['accept-handover', 'withdraw-handover'],
  handed_over: ['acknowledge-recidivism-flag', 'schedule-rappels', 'record-rappel-outcome'],
  monitoring: ['acknowledge-recidivism-flag', 'record-rappel-outcome'],
  conditions_and_follow_up: ['acknowledge-recidivism-flag', 'offer-handover'],
  under_investigation: ['acknowledge-recidivism-flag', 'complete-investigation'],
  referred_to_child_protection: ['acknowledge-recidivism-flag', 'close-case'],
  escalated: ['acknowledge-recidivism-flag', 'choose-route', 'offer-handover'],
  de_escalated: ['acknowledge-recidivism-flag', 'schedule-rappels', 'record-rappel-outcome'],
  closed: [],
};

/** One shown action: allowed, or refused with the first reason the server gave for it. */
export type ShownItem = { item: ActionItem; allowed: boolean; reason?: string; actions: CaseAction[] };

// The order of "Meer acties": the labels of the design brief first, then the rest.
const order: readonly ActionItem[] = [
  'start-safety-assessment',
  'complete-safety-assessment',
  'choose-route',
  'complete-investigation',
  'offer-handover',
  'accept-handover',
  'decline-handover',
  'withdraw-handover',
  'escalate-case',
  'schedule-rappels',
  'record-rappel-outcome',
  'acknowledge-recidivism-flag',
  'change-phase',
  'close-case',
];

/**
 * The case's buttons: one primary (the first allowed of the status's next steps, or else the first
 * of them shown with its reason) and the rest, in a fixed order. An item with several server
 * actions (the three routes) is allowed when any of them is.
 */
export const arrangeActions = (detail: Pick<CaseDetail, 'status' | 'actions'>): { primary?: ShownItem; more: ShownItem[] } => {
  const items = new Map<ActionItem, ShownItem>();
  for (const action of detail.actions) {
    const item = itemOf(action.action);
    if (!item) continue;
    const visibility = visibilityOf(action, detail.status);
    if (visibility === 'hidden') continue;
    const shown = items.get(item) ?? { item, allowed: false, actions: [] };
    shown.actions.push(action);
    if (action.allowed) shown.allowed = true;
    else shown.reason ??= action.reason;
    items.set(item, shown);
  }
  // Who may withdraw an offer made it (or is of the offering team): accepting it is not theirs to expect.
  if (items.get('withdraw-handover')?.allowed) {
    for (const item of ['accept-handover', 'decline-handover'] as const) if (items.get(item)?.allowed === false) items.delete(item);
  }
  const shown = order.flatMap((item) => items.get(item) ?? []);
  const candidates = primaryByStatus[detail.status];
  const primary =
    candidates.map((item) => items.get(item)).find((item) => item?.allowed) ??
    candidates.map((item) => items.get(item)).find((item) => item !== undefined);
  return { primary, more: shown.filter((item) => item !== primary) };
};

/**
 * The UX brief asks to confirm only what moves direction or ends the case: a second step after the
 * form. Accepting a hand-over has no form, so its dialog is the confirmation itself; an unsafe
 * rappel outcome is confirmed by its own form (it depends on the chosen outcome).
 */
export const needsConfirmation = (item: ActionItem): boolean =>
  item === 'offer-handover' || item === 'escalate-case' || item === 'close-case';

/** The allowed target of an item, e.g. the rappel whose outcome is recorded or the flag to acknowledge. */
export const targetOf = (shown: ShownItem): CaseAction['target'] =>
  (shown.actions.find((action) => action.allowed) ?? shown.actions[0])?.target;
