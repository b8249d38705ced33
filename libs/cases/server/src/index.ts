export * from './case-command/cases-commands.module';
export { caseCommandRoutes } from './case-command/case-command-routes';
export type { CaseCommandRoute } from './case-command/case-command.route';
// The command as the bus carries it, for the demo region, which runs the same commands as a user.
export { ExecuteCaseCommand } from './case-command/case-command';
export type { CaseCommandOutcome } from './case-command/case-command';
export { CaseWriteConflict } from './case-command/case-command-errors';
// The referrer portal's way in for signals (`CASE_SIGNALS_PORT` from the contracts).
export { CaseSignalsService } from './raise-signal/case-signals.service';
export * from './http/actor';
export * from './projections';
export * from './queries';
export * from './deadlines';
export * from './erasure';
export * from './access';
