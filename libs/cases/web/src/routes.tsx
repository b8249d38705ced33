import type { RouteObject } from 'react-router-dom';
import { casePreviewRoutes } from './case/actions/preview/routes';

/** The cases context's pages, each loaded when first opened. */
export const casesRoutes: RouteObject[] = [...casePreviewRoutes];
