import { isAfter, isBefore } from '@ketenregie/kernel';
import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireOpened, today } from '../case.guards';
import type { CaseState } from '../case.state';
import { findRappel } from '../rappels/record-rappel-outcome';
import { findAssessment } from '../safety-assessment/start-safety-assessment';

// Sent by the deadline scheduler. Each is idempotent in the decider (a second send finds the mark
// already set) and a no-op when the work was done in time or is not late yet, so a scheduler that
// runs twice, restarts, or races a professional finishing the work can never produce a false alarm.

export type MarkAssessmentOverdue = Command<'cases.mark-assessment-overdue', { caseId: string; assessmentId: string }>;
export type MarkInvestigationOverdue = Command<'cases.mark-investigation-overdue', { caseId: string; investigationId: string }>;
export type MarkRappelDue = Command<'cases.mark-rappel-due', { caseId: string; rappelId: string }>;
export type MarkRappelOverdue = Command<'cases.mark-rappel-overdue', { caseId: string; rappelId: string }>;

/** A deadline date is the last allowed day: late from the next Amsterdam day on. */
export const decideMarkAssessmentOverdue = (command: MarkAssessmentOverdue, state: CaseState): CaseEvent[] => {
  const opened = requireOpened(state);
  const assessment = findAssessment(opened, command.data.assessmentId);
  const markedOn = today(command.metadata.now);
  if (assessment.status === 'completed' || assessment.overdue || !isAfter(markedOn, assessment.dueOn)) return [];
  return [
    {
      type: 'cases.safety-assessment-overdue',
      schemaVersion: 1,
      data: { assessmentId: assessment.assessmentId, dueOn: assessment.dueOn, markedOn },
    },
  ];
};

export const decideMarkInvestigationOverdue = (command: MarkInvestigationOverdue, state: CaseState): CaseEvent[] => {
  const opened = requireOpened(state);
  const investigation = opened.investigations.find((candidate) => candidate.investigationId === command.data.investigationId);
  if (!investigation) throw caseErrors.investigationNotFound();
  const markedOn = today(command.metadata.now);
  if (investigation.status === 'completed' || investigation.overdue || !isAfter(markedOn, investigation.dueOn)) return [];
  return [
    {
      type: 'cases.investigation-overdue',
      schemaVersion: 1,
      data: { investigationId: investigation.investigationId, dueOn: investigation.dueOn, markedOn },
    },
  ];
};

/** A rappel is due from its planned date on, so it shows on the worklist that day. */
export const decideMarkRappelDue = (command: MarkRappelDue, state: CaseState): CaseEvent[] => {
  const opened = requireOpened(state);
  const rappel = findRappel(opened, command.data.rappelId);
  if (rappel.status !== 'scheduled' || isBefore(today(command.metadata.now), rappel.dueOn)) return [];
  return [{ type: 'cases.rappel-became-due', schemaVersion: 1, data: { rappelId: rappel.rappelId, dueOn: rappel.dueOn } }];
};

export const decideMarkRappelOverdue = (command: MarkRappelOverdue, state: CaseState): CaseEvent[] => {
  const opened = requireOpened(state);
  const rappel = findRappel(opened, command.data.rappelId);
  const markedOn = today(command.metadata.now);
  const done = rappel.status === 'completed' || rappel.status === 'cancelled';
  if (done || rappel.overdue || !isAfter(markedOn, rappel.deadlineOn)) return [];
  return [
    {
      type: 'cases.rappel-became-overdue',
      schemaVersion: 1,
      data: { rappelId: rappel.rappelId, dueOn: rappel.dueOn, deadlineOn: rappel.deadlineOn, markedOn },
    },
  ];
};
