import { getOrganisationPeopleRoute } from '../access/organisation-people.route';
import { listOrganisationsRoute } from '../access/organisation-list.route';
import { listMunicipalitiesRoute } from '../access/municipality-list.route';
import { requestEmergencyAccessRoute } from '../access/emergency-access.route';
import type { QueryRoute } from '@ketenregie/platform-http';
import { getCaseRoute } from './get-case-detail/get-case.route';
import { getCaseTimelineRoute } from './get-case-timeline/get-case-timeline.route';
import { getCaseTextsRoute } from './get-case-texts/get-case-texts.route';
import { getHandoverTargetsRoute } from './get-handover-targets/get-handover-targets.route';
import { getOpenApiDocumentRoute } from './openapi/openapi.route';
import { getWorklistCountsRoute } from './get-worklist-counts/get-worklist-counts.route';
import { getWorklistFacetsRoute } from './get-worklist-facets/get-worklist-facets.route';
import { getMyTasksRoute } from './get-my-tasks/get-my-tasks.route';
import { getRappelPlannerRoute } from './get-rappel-planner/get-rappel-planner.route';
import { searchFamiliesRoute } from './search-families/search-families.route';
import { previewFeedbackRoute } from '../preview-feedback/preview-feedback.route';

/**
 * The cases context's query routes, break-the-glass and the API's description, each declared once
 * in its own folder. The
 * OpenAPI document is built from this list and the authorisation-matrix test reads its rows from it;
 * each route is served by the controller method that carries `@Route(<declaration>)`.
 */
export const caseQueryRoutes: readonly QueryRoute[] = [
  getCaseRoute,
  getCaseTimelineRoute,
  getCaseTextsRoute,
  getHandoverTargetsRoute,
  previewFeedbackRoute,
  requestEmergencyAccessRoute,
  getWorklistCountsRoute,
  getWorklistFacetsRoute,
  getMyTasksRoute,
  getRappelPlannerRoute,
  searchFamiliesRoute,
  getOrganisationPeopleRoute,
  listOrganisationsRoute,
  listMunicipalitiesRoute,
  getOpenApiDocumentRoute,
];
