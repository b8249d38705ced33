import type { RouteObject } from 'react-router-dom';

/** Stand-in route for the case page until the page itself lands at the same address. */
export const casePreviewRoutes: RouteObject[] = [
  { path: 'casussen/:caseId', lazy: () => import('./case-preview-page').then((m) => ({ Component: m.CasePreviewPage })) },
];
