import type { RouteObject } from 'react-router-dom';

/** A chain partner's start page: its own tasks across cases. */
export const myTasksRoutes: RouteObject[] = [
  { path: 'mijn-taken', lazy: () => import('./my-tasks-page').then((m) => ({ Component: m.MyTasksPage })) },
];
