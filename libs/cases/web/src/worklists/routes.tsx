import type { RouteObject } from 'react-router-dom';

/** Werkvoorraad: `/werkvoorraad` opens the role's start tab, `/werkvoorraad/:tab` one list. */
export const worklistRoutes: RouteObject[] = [
  { path: 'werkvoorraad', lazy: () => import('./worklist-page').then((m) => ({ Component: m.WorklistRedirect })) },
  { path: 'werkvoorraad/:tab', lazy: () => import('./worklist-page').then((m) => ({ Component: m.WorklistPage })) },
];
