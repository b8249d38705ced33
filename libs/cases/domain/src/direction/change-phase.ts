import type { Command } from '@ketenregie/kernel';
import type { CaseEvent } from '../case.events';
import { requireActive, requireSteering, requireText } from '../case.guards';
import type { CaseState } from '../case.state';
import type { Phase } from '../case.types';
import { validatePhase } from './offer-handover';

export type ChangePhase = Command<'cases.change-phase', { caseId: string; phase: Phase; reason: string }>;

/** Idempotent: asking for the phase the case is already in records nothing. */
export const decideChangePhase = (command: ChangePhase, state: CaseState): CaseEvent[] => {
  const opened = requireActive(state);
  const steered = requireSteering(command.metadata.actor, opened);
  const phase = validatePhase(command.data.phase);
  const reason = requireText(command.data.reason, 'reason');
  if (phase === opened.phase) return [];
  return [
    {
      type: 'cases.phase-changed',
      schemaVersion: 1,
      data: { phase, reason, changedAt: command.metadata.now.toISOString(), ...steered },
    },
  ];
};
