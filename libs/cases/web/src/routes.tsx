import type { RouteObject } from 'react-router-dom';

/** The cases context's pages, each loaded when first opened. */
export const casesRoutes: RouteObject[] = [];
