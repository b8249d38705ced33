export * from './cases-queries.module';
export * from './case-queries.controller';
export * from './worklists.controller';
export * from './family-search.controller';
export * from './openapi/cases-openapi';
export * from './openapi/openapi.controller';
export * from './my-tasks.controller';
export { worklistRoutes } from './get-worklist/worklist.routes';
export { caseQueryRoutes } from './case-query-routes';
