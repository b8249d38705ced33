import { Module } from '@nestjs/common';
import { CaseAccess } from '../access/case-access.service';
import { EmergencyAccessController } from '../access/emergency-access.controller';
import { OrganisationPeopleController } from '../access/organisation-people.controller';
import { CaseQueriesController } from './case-queries.controller';
import { CaseReadModel } from './case-read-model';
import { ReadModelShape } from './read-model-shape';
import { FamilySearchController } from './family-search.controller';
import { GetCaseAsOfHandler } from './get-case-as-of/get-case-as-of.handler';
import { GetCaseDetailHandler } from './get-case-detail/get-case-detail.handler';
import { GetCaseTimelineHandler } from './get-case-timeline/get-case-timeline.handler';
import { GetCaseTextsHandler } from './get-case-texts/get-case-texts.handler';
import { GetHandoverTargetsHandler } from './get-handover-targets/get-handover-targets.handler';
import { GetMyTasksHandler } from './get-my-tasks/get-my-tasks.handler';
import { GetWorklistHandler } from './get-worklist/get-worklist.handler';
import { MyTasksController } from './my-tasks.controller';
import { RappelPlannerController } from './rappel-planner.controller';
import { GetRappelPlannerHandler } from './get-rappel-planner/get-rappel-planner.handler';
import { OpenApiController } from './openapi/openapi.controller';
import { ReadYourWrites } from './read-side';
import { FindExactFamilyMatchesHandler, ProbeExactFamilyHitsHandler } from './search-families/find-exact-family-matches.handler';
import { SearchFamiliesHandler } from './search-families/search-families.handler';
import { WorklistsController } from './worklists.controller';
import { WorklistCountsController } from './worklist-counts.controller';
import { GetWorklistCountsHandler } from './get-worklist-counts/get-worklist-counts.handler';
import { GetWorklistFacetsHandler } from './get-worklist-facets/get-worklist-facets.handler';
import { FeedbackPreviewController } from '../preview-feedback/feedback-preview.controller';
import { PreviewFeedbackHandler } from '../preview-feedback/preview-feedback.handler';
import { CaseFeedbackReadModel } from '../case-feedback/case-feedback.read-model';

/**
 * The read side of the cases context (GET /api/v1/worklists, their counts and filter values, /api/v1/cases/:caseId (and its timeline and texts), /api/v1/families/search,
 * /api/v1/my-tasks, /api/v1/rappels, /api/v1/openapi.json, /api/v1/organisations/:organisationId/people) and break-the-glass
 * (POST /api/v1/cases/:caseId/emergency-access). Needs
 * from the app: the global CqrsModule, `EVENT_STORE`, `PROJECTION_RUNNER`, the TypeORM
 * `DataSource`, `casesProjections` registered with the projection runner, and the access wiring
 * (`ORGANISATION_DIRECTORY`, `EMERGENCY_ACCESS_POLICY`, `EMERGENCY_GRANTS`, `EMERGENCY_GRANT_RECORDER`,
 * `ACCESS_LOG`, `PEOPLE_DIRECTORY`) as global providers.
 */
@Module({
  controllers: [
    WorklistsController,
    WorklistCountsController,
    CaseQueriesController,
    FamilySearchController,
    MyTasksController,
    RappelPlannerController,
    EmergencyAccessController,
    OrganisationPeopleController,
    OpenApiController,
    FeedbackPreviewController,
  ],
  providers: [
    CaseReadModel,
    ReadModelShape,
    CaseAccess,
    ReadYourWrites,
    GetWorklistHandler,
    GetWorklistCountsHandler,
    GetWorklistFacetsHandler,
    GetCaseDetailHandler,
    GetCaseAsOfHandler,
    GetCaseTimelineHandler,
    GetCaseTextsHandler,
    GetHandoverTargetsHandler,
    GetMyTasksHandler,
    GetRappelPlannerHandler,
    SearchFamiliesHandler,
    FindExactFamilyMatchesHandler,
    ProbeExactFamilyHitsHandler,
    PreviewFeedbackHandler,
    CaseFeedbackReadModel,
  ],
})
export class CasesQueriesModule {}
