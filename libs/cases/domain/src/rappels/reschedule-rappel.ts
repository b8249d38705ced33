import { addWorkingDays } from '@ketenregie/kernel';
import type { CalendarDate, Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireActive, requireDate, requireNotInPast, requireText, steeringBy } from '../case.guards';
import type { CasePolicy } from '../case.policy';
import type { CaseState } from '../case.state';
import { findRappel } from './record-rappel-outcome';

export type RescheduleRappel = Command<
  'cases.reschedule-rappel',
  { caseId: string; rappelId: string; dueOn: CalendarDate; reason: string }
>;

/**
 * Moves one open rappel to another day (the family is away, a visit is planned). Steered like
 * scheduling rappels: the Veilig Thuis director who handed the case over (or their team), or the
 * director's team. The last day moves with it by the region's working days, so the new date gets
 * the same margin; a rappel that was due or overdue is planned again. Never to a past day: a
 * check that did not happen is overdue, not moved back in time.
 */
export const decideRescheduleRappel = (command: RescheduleRappel, state: CaseState, policy: CasePolicy): CaseEvent[] => {
  const { data, metadata } = command;
  const opened = requireActive(state);
  const monitoredBy = opened.handedOverBy ?? null;
  const steered = steeringBy(metadata.actor, opened.director) ?? (monitoredBy ? steeringBy(metadata.actor, monitoredBy) : undefined);
  if (!steered) throw monitoredBy ? caseErrors.notRappelScheduler(monitoredBy) : caseErrors.notDirector(opened.director);
  const rappel = findRappel(opened, data.rappelId);
  if (rappel.status === 'completed') throw caseErrors.rappelAlreadyCompleted();
  if (rappel.status === 'cancelled') throw caseErrors.rappelCancelled();
  const dueOn = requireDate(data.dueOn, 'dueOn');
  requireNotInPast(dueOn, metadata.now, 'dueOn');
  const reason = requireText(data.reason, 'reason');
  // A retry of the same move changes nothing.
  if (dueOn === rappel.dueOn && !rappel.overdue && rappel.status === 'scheduled') return [];
  return [
    {
      type: 'cases.rappel-rescheduled',
      schemaVersion: 1,
      data: {
        rappelId: rappel.rappelId,
        previousDueOn: rappel.dueOn,
        dueOn,
        deadlineOn: addWorkingDays(dueOn, policy.rappelOverdueAfterWorkingDays, policy.calendar),
        reason,
        rescheduledAt: metadata.now.toISOString(),
        ...steered,
      },
    },
  ];
};
