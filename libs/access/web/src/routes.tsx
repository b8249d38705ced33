import type { RouteObject } from 'react-router-dom';

/** Pages anyone may open: sign-in. */
export const publicAccessRoutes: RouteObject[] = [
  { path: 'aanmelden', lazy: () => import('./sign-in/sign-in-page').then((m) => ({ Component: m.SignInPage })) },
];

/** The privacy officer's pages, behind sign-in; the API refuses every other role. */
export const accessRoutes: RouteObject[] = [
  { path: 'toegangslog', lazy: () => import('./privacy/access-log-page').then((m) => ({ Component: m.AccessLogPage })) },
  { path: 'noodtoegang', lazy: () => import('./privacy/emergency-grants-page').then((m) => ({ Component: m.EmergencyGrantsPage })) },
  { path: 'logboekcontrole', lazy: () => import('./privacy/chain-check-page').then((m) => ({ Component: m.ChainCheckPage })) },
];
