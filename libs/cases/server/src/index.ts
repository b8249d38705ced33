export * from './commands/cases-commands.module';
export { CasesCommandsController } from './commands/cases-commands.controller';
// The command as the bus carries it, for the demo region, which runs the same commands as a user.
export { ExecuteCaseCommand } from './commands/execute-case-command/execute-case-command';
export type { CaseCommandOutcome } from './commands/execute-case-command/execute-case-command';
export { CaseWriteConflict } from './commands/execute-case-command/case-command-errors';
export * from './http/actor';
export * from './projections';
export * from './queries';
export * from './deadlines';
export * from './erasure';
export * from './access';
