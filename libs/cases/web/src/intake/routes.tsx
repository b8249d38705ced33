import type { RouteObject } from 'react-router-dom';

/** "Nieuwe melding" (Veilig Thuis menu), loaded when first opened. */
export const intakeRoutes: RouteObject[] = [
  { path: 'meldingen/nieuw', lazy: () => import('./intake-page').then((m) => ({ Component: m.IntakePage })) },
];
