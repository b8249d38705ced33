export * from './cases-queries.module';
export * from './case-queries.controller';
export * from './worklists.controller';
export * from './family-search.controller';
export * from './openapi/cases-openapi';
export * from './openapi/openapi.controller';
export * from './my-tasks.controller';
export * from './worklist-counts.controller';
export * from './rappel-planner.controller';
export { worklistRoutes } from './get-worklist/worklist.routes';
export { caseQueryRoutes } from './case-query-routes';
// The family lookup as the archive benchmark measures it: the read model's SQL and the ranking.
export { CaseReadModel } from './case-read-model';
export { FindExactFamilyMatches, FindExactFamilyMatchesHandler } from './search-families/find-exact-family-matches.handler';
export { rankFamilyCandidates, searchHousehold } from './search-families/rank-family-candidates';
