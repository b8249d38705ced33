import type { RouteObject } from 'react-router-dom';
import { intakeRoutes } from './intake/routes';

/** The cases context's pages, each loaded when first opened. */
export const casesRoutes: RouteObject[] = [...intakeRoutes];
