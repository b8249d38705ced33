import type { RouteObject } from 'react-router-dom';

/**
 * The referrer portal. Outside the shell's sign-in guard: someone who came in through an e-mail's
 * link has a portal session but no account, and the API decides what either may read.
 */
export const portalRoutes: RouteObject[] = [
  { path: 'melder', lazy: () => import('./portal/my-reports-page').then((m) => ({ Component: m.MyReportsPage })) },
  { path: 'melder/meldingen/:reportId', lazy: () => import('./portal/report-page').then((m) => ({ Component: m.ReportPage })) },
  { path: 'melder/link', lazy: () => import('./portal/link-page').then((m) => ({ Component: m.LinkGonePage })) },
  { path: 'melder/link/:token', lazy: () => import('./portal/link-page').then((m) => ({ Component: m.LinkPage })) },
];
