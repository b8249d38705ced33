import type { RouteObject } from 'react-router-dom';
import { myTasksRoutes } from './my-tasks/routes';
import { rappelRoutes } from './rappels/routes';

/** The cases context's pages, each loaded when first opened. */
export const casesRoutes: RouteObject[] = [...rappelRoutes, ...myTasksRoutes];
