import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { actsForDirector, requireActive, requireText, today } from '../case.guards';
import type { CaseState, OpenedCase, Rappel } from '../case.state';
import type { RappelOutcome } from '../case.types';

export type RecordRappelOutcome = Command<
  'cases.record-rappel-outcome',
  { caseId: string; rappelId: string; outcome: RappelOutcome; notes: string }
>;

const outcomes: readonly RappelOutcome[] = ['safe', 'concerns', 'unsafe'];

export const findRappel = (state: OpenedCase, rappelId: string): Rappel => {
  const rappel = state.rappels.find((candidate) => candidate.rappelId === rappelId);
  if (!rappel) throw caseErrors.rappelNotFound();
  return rappel;
};

/**
 * An unsafe outcome escalates in the same decision: Veilig Thuis (the rappel owner) has just found
 * the family unsafe, so it is the receiving party acting and takes direction at once. A hand-over
 * the local team had pending is withdrawn first, because direction cannot be in two places.
 */
export const decideRecordRappelOutcome = (command: RecordRappelOutcome, state: CaseState): CaseEvent[] => {
  const { data, metadata } = command;
  const opened = requireActive(state);
  const rappel = findRappel(opened, data.rappelId);
  if (rappel.status === 'completed') throw caseErrors.rappelAlreadyCompleted();
  if (rappel.status === 'cancelled') throw caseErrors.rappelCancelled();
  if (!actsForDirector(metadata.actor, rappel.owner)) throw caseErrors.notRappelOwner();
  if (!outcomes.includes(data.outcome)) throw caseErrors.required('outcome');
  const notes = data.outcome === 'safe' ? (data.notes ?? '').trim() : requireText(data.notes, 'notes');
  const at = metadata.now.toISOString();
  const events: CaseEvent[] = [
    {
      type: 'cases.rappel-completed',
      schemaVersion: 1,
      data: {
        rappelId: rappel.rappelId,
        outcome: data.outcome,
        notes,
        completedBy: metadata.actor.userId,
        completedAt: at,
        completedOn: today(metadata.now),
      },
    },
  ];
  if (data.outcome === 'unsafe' && opened.director.organisation.kind !== 'veilig-thuis') {
    if (opened.pendingHandover) {
      events.push({
        type: 'cases.handover-withdrawn',
        schemaVersion: 1,
        data: {
          handoverId: opened.pendingHandover.handoverId,
          reason: 'Vervallen: Veilig Thuis schaalt op na een onveilige rappel.',
          withdrawnAt: at,
        },
      });
    }
    events.push({
      type: 'cases.case-escalated',
      schemaVersion: 1,
      data: {
        reason: notes,
        phase: 'immediate-safety',
        from: opened.director,
        to: rappel.owner,
        trigger: 'rappel-unsafe',
        rappelId: rappel.rappelId,
        escalatedAt: at,
      },
    });
  }
  return events;
};
