import type { Command, DomainEvent } from '@ketenregie/kernel';
import { DomainError, checkPersonalNote } from '@ketenregie/kernel';
import type { CaseEvent } from '../case.events';
import { requireOpened, requireSteering } from '../case.guards';
import type { CaseState, OpenedCase } from '../case.state';

/** The moments a referrer hears back; the feedback context's milestone kinds. */
export type FeedbackMilestone = 'report-received' | 'safety-assessment-done' | 'handed-over' | 'investigation-finished' | 'case-closed';

export type RequestFeedback = Command<
  'cases.request-feedback',
  { caseId: string; messageId: string; reportId: string; milestone: FeedbackMilestone; note?: string; locale: 'nl' | 'en' }
>;

/**
 * Staff asked to send a report's referrer the feedback of a milestone, with a personal note they
 * previewed. The feedback context composes and queues the message from this event; the note is
 * what the referrer reads, word for word.
 */
export type FeedbackRequested = DomainEvent<
  'cases.feedback-requested',
  {
    messageId: string;
    reportId: string;
    milestone: FeedbackMilestone;
    /** Trimmed, with plain line breaks; absent when staff added none. */
    note?: string;
    locale: 'nl' | 'en';
    requestedBy: string;
    requestedAt: string;
  },
  1
>;

export const feedbackErrors = {
  reportNotFound: () => new DomainError('case.report-not-found', 'Deze melding hoort niet bij deze casus.', { path: 'reportId' }),
  noteNotSendable: (message: string) => new DomainError('case.feedback-note-not-sendable', message, { path: 'note' }),
  milestoneNotReached: () =>
    new DomainError('case.feedback-milestone-not-reached', 'De casus is nog niet bij dit moment van terugkoppeling.', {
      path: 'milestone',
      category: 'rule',
    }),
};

/** Whether the case got as far as the milestone for this report; the hand-over is judged by the feedback context. */
const reached = (state: OpenedCase, assessmentId: string, milestone: FeedbackMilestone): boolean => {
  switch (milestone) {
    case 'report-received':
    case 'handed-over':
      return true;
    case 'safety-assessment-done':
      return state.assessments.some((assessment) => assessment.assessmentId === assessmentId && assessment.status === 'completed');
    case 'investigation-finished':
      return state.investigations.some((investigation) => investigation.status === 'completed');
    case 'case-closed':
      return state.lastClosure !== null;
  }
};

export const decideRequestFeedback = (command: RequestFeedback, state: CaseState): CaseEvent[] => {
  // Also after closing: the closing itself is a moment the referrer hears of.
  const opened = requireOpened(state);
  requireSteering(command.metadata.actor, opened);
  const report = opened.reports.find((candidate) => candidate.reportId === command.data.reportId);
  if (!report) throw feedbackErrors.reportNotFound();
  if (!reached(opened, report.assessmentId, command.data.milestone)) throw feedbackErrors.milestoneNotReached();
  const { messageId, reportId, milestone, locale } = command.data;
  // Checked here as the message will be composed from it: a note refused only then would leave a
  // request recorded and answered while its message is never queued.
  const note = checkPersonalNote(command.data.note);
  if (!note.ok) throw feedbackErrors.noteNotSendable(note.message);
  return [
    {
      type: 'cases.feedback-requested',
      schemaVersion: 1,
      data: {
        messageId,
        reportId,
        milestone,
        ...(note.note === undefined ? {} : { note: note.note }),
        locale,
        requestedBy: command.metadata.actor.userId,
        requestedAt: command.metadata.now.toISOString(),
      },
    },
  ];
};
