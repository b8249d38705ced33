import type { Command } from '@ketenregie/kernel';
import type { CalendarDate } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireActive, requireDate, requireNotInPast, requireSteering, requireText, steeringBy, validateOwner } from '../case.guards';
import type { CaseState, OpenedCase, SafetyCondition } from '../case.state';
import type { Owner } from '../case.types';

export type AddSafetyCondition = Command<
  'cases.add-safety-condition',
  { caseId: string; conditionId: string; text: string; owner: Owner; dueOn: CalendarDate }
>;

export type ReviseSafetyCondition = Command<
  'cases.revise-safety-condition',
  { caseId: string; conditionId: string; text: string; owner: Owner; dueOn: CalendarDate; reason: string }
>;

export type RecordSafetyConditionStatus = Command<
  'cases.record-safety-condition-status',
  { caseId: string; conditionId: string; status: 'met' | 'not-met'; notes: string }
>;

/** An advice-only case has no plan: the plan starts with Veilig Thuis involvement. */
export const requirePlanCase = (state: CaseState, action: string): OpenedCase => {
  const opened = requireActive(state);
  if (opened.status === 'advice') throw caseErrors.invalidTransition(opened.status, action);
  return opened;
};

const findCondition = (state: OpenedCase, conditionId: string): SafetyCondition => {
  const condition = state.plan.safetyConditions.find((candidate) => candidate.conditionId === conditionId);
  if (!condition) throw caseErrors.conditionNotFound();
  return condition;
};

/** Invariant 2: every safety condition has an owner and a due date. */
export const decideAddSafetyCondition = (command: AddSafetyCondition, state: CaseState): CaseEvent[] => {
  const { data, metadata } = command;
  const opened = requirePlanCase(state, 'Veiligheidsvoorwaarde toevoegen');
  const steered = requireSteering(metadata.actor, opened);
  const conditionId = requireText(data.conditionId, 'conditionId');
  if (opened.plan.safetyConditions.some((condition) => condition.conditionId === conditionId)) {
    throw caseErrors.idInUse('safety-condition', 'conditionId');
  }
  const text = requireText(data.text, 'text');
  const owner = validateOwner(data.owner, 'owner');
  const dueOn = requireDate(data.dueOn, 'dueOn');
  requireNotInPast(dueOn, metadata.now, 'dueOn');
  return [
    {
      type: 'cases.safety-condition-added',
      schemaVersion: 1,
      data: { conditionId, text, owner, dueOn, addedAt: metadata.now.toISOString(), ...steered },
    },
  ];
};

export const decideReviseSafetyCondition = (command: ReviseSafetyCondition, state: CaseState): CaseEvent[] => {
  const { data, metadata } = command;
  const opened = requirePlanCase(state, 'Veiligheidsvoorwaarde wijzigen');
  const steered = requireSteering(metadata.actor, opened);
  const condition = findCondition(opened, data.conditionId);
  if (condition.status === 'met') throw caseErrors.conditionAlreadyMet();
  const dueOn = requireDate(data.dueOn, 'dueOn');
  if (dueOn !== condition.dueOn) requireNotInPast(dueOn, metadata.now, 'dueOn');
  return [
    {
      type: 'cases.safety-condition-revised',
      schemaVersion: 1,
      data: {
        conditionId: condition.conditionId,
        text: requireText(data.text, 'text'),
        owner: validateOwner(data.owner, 'owner'),
        dueOn,
        reason: requireText(data.reason, 'reason'),
        revisedAt: metadata.now.toISOString(),
        ...steered,
      },
    },
  ];
};

export const decideRecordSafetyConditionStatus = (command: RecordSafetyConditionStatus, state: CaseState): CaseEvent[] => {
  const { data, metadata } = command;
  const opened = requirePlanCase(state, 'Status van een veiligheidsvoorwaarde vastleggen');
  const condition = findCondition(opened, data.conditionId);
  // The owner reports on its own condition (its task in the plan); otherwise it is the director's team.
  const steered = steeringBy(metadata.actor, opened.director);
  const owning = metadata.actor.organisationId === condition.owner.organisation.organisationId;
  if (!steered && !owning) throw caseErrors.notDirectorOrConditionOwner(opened.director, condition.owner.organisation);
  if (data.status !== 'met' && data.status !== 'not-met') throw caseErrors.required('status');
  return [
    {
      type: 'cases.safety-condition-status-recorded',
      schemaVersion: 1,
      data: {
        conditionId: condition.conditionId,
        status: data.status,
        notes: (data.notes ?? '').trim(),
        recordedAt: metadata.now.toISOString(),
        ...(owning ? {} : steered),
      },
    },
  ];
};
