import type { OpenApiOperation } from '../openapi/openapi-document';
import { queryOperation } from '../openapi/route-declaration';
import type { QueryRoute } from '../openapi/route-declaration';
import { exportFamilyAccessLogRoute, searchAccessLogRoute, verifyAccessLogRoute } from './access-log.routes';
import {
  finishOidcSignInRoute,
  getDemoAccountsRoute,
  getSessionRoute,
  getSignInOptionsRoute,
  signInRoute,
  signOutRoute,
  startOidcSignInRoute,
} from './auth.routes';
import { listEmergencyGrantsRoute, reviewEmergencyGrantRoute } from './emergency-grant-review.routes';

// The access context's routes: sign-in and sessions, and the privacy officer's review of the
// access log and of break-the-glass grants. Each is declared once; the access controllers serve
// them with `@Route`, the OpenAPI document and the authorisation matrix read this list. Declared
// in the contracts rather than in the access server so the one document can be built where the
// docs are served without a context importing another's server code.

export const accessRoutes: readonly QueryRoute[] = [
  signInRoute,
  signOutRoute,
  getSessionRoute,
  startOidcSignInRoute,
  finishOidcSignInRoute,
  getDemoAccountsRoute,
  getSignInOptionsRoute,
  searchAccessLogRoute,
  exportFamilyAccessLogRoute,
  verifyAccessLogRoute,
  listEmergencyGrantsRoute,
  reviewEmergencyGrantRoute,
];

export const accessOperations: readonly OpenApiOperation[] = accessRoutes.map(queryOperation);
