export * from './cases-demo.module';
export * from './demo-plan';
export * from './demo-region-loader';
export * from './household-phantoms';
export { DEMO_MARK, chainPartners, localTeams, referrerOrganisations, veiligThuis, veiligThuisProfessionals } from './demo-region';
export type { DemoReferrerAccount, DemoReferrerOrganisation } from './demo-region';
export { demoDirectoryOrganisations, demoOrganisationDirectory } from './demo-directory';
