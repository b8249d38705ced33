import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireDate, requireSteering, requireText, validateOwner } from '../case.guards';
import type { CaseState } from '../case.state';
import type { PlanAgreement, PlanPart } from '../case.types';
import { requirePlanCase } from './safety-conditions';

export type UpdatePlanPart = Command<
  'cases.update-plan-part',
  { caseId: string; part: PlanPart; description: string; agreements: PlanAgreement[] }
>;

const parts: readonly PlanPart[] = ['safety', 'aid', 'recovery'];

/** The whole part is replaced in one event, so the timeline shows each version of the plan. */
export const decideUpdatePlanPart = (command: UpdatePlanPart, state: CaseState): CaseEvent[] => {
  const { data, metadata } = command;
  const steered = requireSteering(metadata.actor, requirePlanCase(state, 'Plan bijwerken'));
  if (!parts.includes(data.part)) throw caseErrors.required('part');
  const seen = new Set<string>();
  const agreements = (data.agreements ?? []).map((agreement, index): PlanAgreement => {
    const path = `agreements.${index}`;
    const agreementId = requireText(agreement.agreementId, `${path}.agreementId`);
    if (seen.has(agreementId)) throw caseErrors.duplicateId(`${path}.agreementId`);
    seen.add(agreementId);
    const result: PlanAgreement = {
      agreementId,
      text: requireText(agreement.text, `${path}.text`),
      owner: validateOwner(agreement.owner, `${path}.owner`),
    };
    if (agreement.dueOn !== undefined) result.dueOn = requireDate(agreement.dueOn, `${path}.dueOn`);
    return result;
  });
  return [
    {
      type: 'cases.plan-part-updated',
      schemaVersion: 1,
      data: {
        part: data.part,
        description: (data.description ?? '').trim(),
        agreements,
        updatedAt: metadata.now.toISOString(),
        ...steered,
      },
    },
  ];
};
