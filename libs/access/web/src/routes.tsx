import type { RouteObject } from 'react-router-dom';

/** Pages anyone may open: sign-in. */
export const publicAccessRoutes: RouteObject[] = [
  { path: 'aanmelden', lazy: () => import('./sign-in/sign-in-page').then((m) => ({ Component: m.SignInPage })) },
];

/** The privacy officer's pages, behind sign-in. */
export const accessRoutes: RouteObject[] = [];
