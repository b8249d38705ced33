import type { RouteObject } from 'react-router-dom';

/** The case page, with its tab and as-of date in the query string. */
export const caseRoutes: RouteObject[] = [
  { path: 'casussen/:caseId', lazy: () => import('./case-page').then((m) => ({ Component: m.CasePage })) },
];
