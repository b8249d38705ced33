import type { RouteObject } from 'react-router-dom';

/** Veilig Thuis' rappel planner; the week and the view live in the URL (`?week=2026-W49&weergave=kalender`). */
export const rappelRoutes: RouteObject[] = [
  { path: 'rappelplanner', lazy: () => import('./rappel-planner-page').then((m) => ({ Component: m.RappelPlannerPage })) },
];
