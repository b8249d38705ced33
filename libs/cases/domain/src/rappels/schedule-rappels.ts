import { addMonths, addWorkingDays } from '@ketenregie/kernel';
import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent, ScheduledRappel } from '../case.events';
import { requireActive, requireText, steeringBy, today, validateDirector } from '../case.guards';
import type { CasePolicy } from '../case.policy';
import type { CaseState } from '../case.state';
import type { CaseStatus, Director } from '../case.types';

export type ScheduleRappels = Command<
  'cases.schedule-rappels',
  {
    caseId: string;
    /** Rappel ids are `${scheduleId}-1`, `${scheduleId}-2`, ...: deterministic, so a retry cannot double them. */
    scheduleId: string;
    owner: Director;
    /** Per-case override of the region's default (see `CasePolicy`; 3, 6, 12, 18 months unless the region set its own). */
    offsetsInMonths?: number[];
  }
>;

const schedulableStatuses: readonly CaseStatus[] = ['handed_over', 'de_escalated', 'monitoring'];

/**
 * Counted from the day the local team accepted direction, so a late scheduling does not shift them.
 * Steering of the monitoring (ADR 0008): rappels are Veilig Thuis' statutory follow-up of its own
 * hand-over, so the Veilig Thuis director who handed the case over (or their team) plans them, as
 * does the director's team; no other professional of the region.
 */
export const decideScheduleRappels = (command: ScheduleRappels, state: CaseState, policy: CasePolicy): CaseEvent[] => {
  const { data, metadata } = command;
  const opened = requireActive(state);
  const monitoredBy = opened.handedOverBy ?? null;
  const steered = steeringBy(metadata.actor, opened.director) ?? (monitoredBy ? steeringBy(metadata.actor, monitoredBy) : undefined);
  if (!steered) throw monitoredBy ? caseErrors.notRappelScheduler(monitoredBy) : caseErrors.notDirector(opened.director);
  if (!schedulableStatuses.includes(opened.status)) throw caseErrors.invalidTransition(opened.status, 'Rappels plannen');
  const scheduleId = requireText(data.scheduleId, 'scheduleId');
  if (opened.scheduleIds.includes(scheduleId)) throw caseErrors.idInUse('rappel-schedule', 'scheduleId');
  const owner = validateDirector(data.owner, 'owner');
  if (owner.organisation.kind !== 'veilig-thuis') throw caseErrors.rappelOwnerNotVeiligThuis();
  const offsets = data.offsetsInMonths ?? [
    ...(policy.rappelOffsetsByRegion.get(owner.organisation.organisationId) ?? policy.rappelOffsetsInMonths),
  ];
  const increasing = offsets.every(
    (offset, index) => Number.isInteger(offset) && offset > 0 && (index === 0 || offset > offsets[index - 1]),
  );
  if (offsets.length === 0 || !increasing) throw caseErrors.invalidRappelOffsets();
  const scheduledFrom = opened.handedOverOn ?? today(metadata.now);
  const rappels = offsets.map((offset, index): ScheduledRappel => {
    const dueOn = addMonths(scheduledFrom, offset);
    return {
      rappelId: `${scheduleId}-${index + 1}`,
      dueOn,
      deadlineOn: addWorkingDays(dueOn, policy.rappelOverdueAfterWorkingDays, policy.calendar),
    };
  });
  return [
    {
      type: 'cases.rappels-scheduled',
      schemaVersion: 1,
      data: { scheduleId, owner, scheduledFrom, rappels, scheduledAt: metadata.now.toISOString(), ...steered },
    },
  ];
};
