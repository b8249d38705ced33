export * from './access-tokens';
export * from './access-configuration';
export { demoDirectoryOrganisations, demoOrganisationDirectory } from './demo-directory';
export { CaseAccess } from './case-access.service';
export { EmergencyAccessController } from './emergency-access.controller';
export { caseAccessColumns, caseRelationsOf, caseRelationsOfRecord } from './case-relations';
export type { CaseAccessColumns } from './case-relations';
