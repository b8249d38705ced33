export * from './commands/cases-commands.module';
export { CasesCommandsController } from './commands/cases-commands.controller';
export * from './http/actor';
export * from './projections';
export * from './queries';
export * from './deadlines';
export * from './demo';
export * from './erasure';
export * from './access';
