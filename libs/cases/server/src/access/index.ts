export * from './access-configuration';
export { CaseAccess } from './case-access.service';
export { EmergencyAccessController } from './emergency-access.controller';
export { caseAccessColumns, caseRelationsOf, caseRelationsOfRecord } from './case-relations';
export type { CaseAccessColumns } from './case-relations';
