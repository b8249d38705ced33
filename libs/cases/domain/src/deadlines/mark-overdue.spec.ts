import type { OpenedCase } from '../case.state';
import { actorOf, command, ltCarla, registerReport } from '../testing/case-fixtures';
import { systemActor } from '@ketenregie/kernel';
import { given, history, stateAfter } from '../testing/case-spec';
import { assessedCommands, monitoringCommands, reported, reportedCommands } from '../testing/case-scenarios';

const scheduler = systemActor('deadlines');

const markAssessment = (instant: string, assessmentId = 'r1') =>
  command('cases.mark-assessment-overdue', { assessmentId }, instant, scheduler);
const markInvestigation = (instant: string, investigationId = 'i1') =>
  command('cases.mark-investigation-overdue', { investigationId }, instant, scheduler);
const markRappelDue = (instant: string, rappelId = 's1-1') => command('cases.mark-rappel-due', { rappelId }, instant, scheduler);
const markRappelOverdue = (instant: string, rappelId = 's1-1') => command('cases.mark-rappel-overdue', { rappelId }, instant, scheduler);

describe('time-driven commands from the deadline scheduler', () => {
  describe('cases.mark-assessment-overdue', () => {
    it('marks an assessment not completed by its due date as overdue the next day', () => {
      const state = given(reported())
        .when(markAssessment('2026-03-10T00:30:00Z'))
        .then([
          {
            type: 'cases.safety-assessment-overdue',
            schemaVersion: 1,
            data: { assessmentId: 'r1', dueOn: '2026-03-09', markedOn: '2026-03-10' },
          },
        ]) as OpenedCase;
      expect(state.assessments[0].overdue).toBe(true);
    });

    it('is idempotent: deciding it twice yields no second event', () => {
      const once = history([...reportedCommands(), markAssessment('2026-03-10T06:00:00Z')]);
      given(once).when(markAssessment('2026-03-10T06:00:30Z')).thenNothing();
      given(once).when(markAssessment('2026-03-12T06:00:00Z')).thenNothing();
    });

    it('does nothing on the due date itself (23:30 Amsterdam time), nor when the work was done in time', () => {
      given(reported()).when(markAssessment('2026-03-09T22:30:00Z')).thenNothing();
      given(history(assessedCommands())).when(markAssessment('2026-03-20T06:00:00Z')).thenNothing();
    });

    it('follows the deadline across a holiday: a report before Christmas is not late on 29 December', () => {
      const events = history([registerReport('r1', '2025-12-23T09:00:00Z')]);
      given(events).when(markAssessment('2025-12-31T06:00:00Z')).thenNothing();
      given(events).when(markAssessment('2026-01-02T20:00:00Z')).thenNothing();
      given(events).when(markAssessment('2026-01-03T06:00:00Z')).thenTypes(['cases.safety-assessment-overdue']);
    });

    it('rejects an unknown assessment', () => {
      given(reported()).when(markAssessment('2026-03-10T06:00:00Z', 'r9')).thenError('case.assessment-not-found');
    });
  });

  describe('cases.mark-investigation-overdue', () => {
    const running = () =>
      history([...assessedCommands(), command('cases.start-investigation', { investigationId: 'i1' }, '2026-03-06T09:00:00Z')]);

    it('marks an investigation running past 10 weeks, once', () => {
      given(running()).when(markInvestigation('2026-05-15T09:00:00Z')).thenNothing();
      given(running())
        .when(markInvestigation('2026-05-16T09:00:00Z'))
        .then([
          {
            type: 'cases.investigation-overdue',
            schemaVersion: 1,
            data: { investigationId: 'i1', dueOn: '2026-05-15', markedOn: '2026-05-16' },
          },
        ]);
      const marked = history([
        ...assessedCommands(),
        command('cases.start-investigation', { investigationId: 'i1' }, '2026-03-06T09:00:00Z'),
        markInvestigation('2026-05-16T09:00:00Z'),
      ]);
      given(marked).when(markInvestigation('2026-05-16T09:01:00Z')).thenNothing();
    });

    it('does nothing for an investigation completed in time and rejects an unknown one', () => {
      const completed = history([
        ...assessedCommands(),
        command('cases.start-investigation', { investigationId: 'i1' }, '2026-03-06T09:00:00Z'),
        command('cases.complete-investigation', { investigationId: 'i1', conclusion: 'Klaar' }, '2026-05-01T09:00:00Z'),
      ]);
      given(completed).when(markInvestigation('2026-05-20T09:00:00Z')).thenNothing();
      given(running()).when(markInvestigation('2026-05-20T09:00:00Z', 'i9')).thenError('case.investigation-not-found');
    });
  });

  describe('rappels due and overdue', () => {
    it('marks a rappel due from its planned date, once', () => {
      given(history(monitoringCommands())).when(markRappelDue('2026-06-08T09:00:00Z')).thenNothing();
      const state = given(history(monitoringCommands()))
        .when(markRappelDue('2026-06-09T05:00:00Z'))
        .then([{ type: 'cases.rappel-became-due', schemaVersion: 1, data: { rappelId: 's1-1', dueOn: '2026-06-09' } }]) as OpenedCase;
      expect(state.rappels[0].status).toBe('due');
      const due = history([...monitoringCommands(), markRappelDue('2026-06-09T05:00:00Z')]);
      given(due).when(markRappelDue('2026-06-09T05:00:10Z')).thenNothing();
    });

    it('marks a rappel overdue after its deadline, once, and never when it was done in time', () => {
      given(history(monitoringCommands())).when(markRappelOverdue('2026-06-23T09:00:00Z')).thenNothing();
      given(history(monitoringCommands()))
        .when(markRappelOverdue('2026-06-24T09:00:00Z'))
        .then([
          {
            type: 'cases.rappel-became-overdue',
            schemaVersion: 1,
            data: { rappelId: 's1-1', dueOn: '2026-06-09', deadlineOn: '2026-06-23', markedOn: '2026-06-24' },
          },
        ]);
      const overdue = history([...monitoringCommands(), markRappelOverdue('2026-06-24T09:00:00Z')]);
      given(overdue).when(markRappelOverdue('2026-06-25T09:00:00Z')).thenNothing();
      const done = history([
        ...monitoringCommands(),
        command('cases.record-rappel-outcome', { rappelId: 's1-1', outcome: 'safe', notes: '' }, '2026-06-10T09:00:00Z'),
      ]);
      given(done).when(markRappelDue('2026-06-24T09:00:00Z')).thenNothing();
      given(done).when(markRappelOverdue('2026-06-24T09:00:00Z')).thenNothing();
    });

    it('does nothing for rappels that lapsed when the case closed', () => {
      const closed = history([
        ...monitoringCommands(),
        command('cases.close-case', { outcome: 'safety-established', notes: '' }, '2026-05-01T09:00:00Z', actorOf(ltCarla)),
      ]);
      given(closed).when(markRappelDue('2026-06-10T09:00:00Z')).thenNothing();
      given(closed).when(markRappelOverdue('2026-07-10T09:00:00Z')).thenNothing();
      expect((stateAfter(closed) as OpenedCase).status).toBe('closed');
    });

    it('rejects an unknown rappel', () => {
      given(history(monitoringCommands())).when(markRappelDue('2026-06-10T09:00:00Z', 'x')).thenError('case.rappel-not-found');
    });
  });
});
