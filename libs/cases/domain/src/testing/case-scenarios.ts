import type { CaseEvent } from '../case.events';
import { actorOf, command, ltCarla, registerReport, vtAnna } from './case-fixtures';
import { history } from './case-spec';

// Reusable histories along the main path. Report r1 arrives Monday 2 March 2026 (due Monday 9 March).

export const reportedCommands = () => [registerReport('r1', '2026-03-02T09:00:00Z')];

export const assessedCommands = () => [
  ...reportedCommands(),
  command('cases.start-safety-assessment', { assessmentId: 'r1' }, '2026-03-03T09:00:00Z'),
  command(
    'cases.complete-safety-assessment',
    { assessmentId: 'r1', acuteUnsafety: false, structuralUnsafety: true },
    '2026-03-05T09:00:00Z',
  ),
];

export const handoverOfferedCommands = () => [
  ...assessedCommands(),
  command(
    'cases.offer-handover',
    { handoverId: 'h1', to: ltCarla, reason: 'Structurele onveiligheid; hulp via Team Sociaal.', phase: 'stable-safety' },
    '2026-03-06T09:00:00Z',
  ),
];

export const handedOverCommands = () => [
  ...handoverOfferedCommands(),
  command('cases.accept-handover', { handoverId: 'h1' }, '2026-03-09T09:00:00Z', actorOf(ltCarla)),
];

export const monitoringCommands = () => [
  ...handedOverCommands(),
  command('cases.schedule-rappels', { scheduleId: 's1', owner: vtAnna }, '2026-03-09T10:00:00Z'),
];

export const reported = (): CaseEvent[] => history(reportedCommands());
export const assessed = (): CaseEvent[] => history(assessedCommands());
export const handoverOffered = (): CaseEvent[] => history(handoverOfferedCommands());
export const handedOver = (): CaseEvent[] => history(handedOverCommands());
export const monitoring = (): CaseEvent[] => history(monitoringCommands());
