import type { RouteObject } from 'react-router-dom';
import { caseRoutes } from './case/routes';
import { intakeRoutes } from './intake/routes';
import { myTasksRoutes } from './my-tasks/routes';
import { rappelRoutes } from './rappels/routes';
import { worklistRoutes } from './worklists/routes';

/** The cases context's pages, each loaded when first opened. */
export const casesRoutes: RouteObject[] = [...worklistRoutes, ...intakeRoutes, ...caseRoutes, ...rappelRoutes, ...myTasksRoutes];
