import { Module } from '@nestjs/common';
import { CaseQueriesController } from './case-queries.controller';
import { CaseReadModel } from './case-read-model';
import { FamilySearchController } from './family-search.controller';
import { GetCaseAsOfHandler } from './get-case-as-of/get-case-as-of.handler';
import { GetCaseDetailHandler } from './get-case-detail/get-case-detail.handler';
import { GetCaseTimelineHandler } from './get-case-timeline/get-case-timeline.handler';
import { GetWorklistHandler } from './get-worklist/get-worklist.handler';
import { OpenApiController } from './openapi/openapi.controller';
import { ReadYourWrites } from './read-side';
import { FindExactFamilyMatchesHandler } from './search-families/find-exact-family-matches.handler';
import { SearchFamiliesHandler } from './search-families/search-families.handler';
import { WorklistsController } from './worklists.controller';

/**
 * The read side of the cases context (GET /api/worklists, /api/cases/:caseId, /api/families/search,
 * /api/docs). Needs from the app: the global CqrsModule, `EVENT_STORE`, `PROJECTION_RUNNER`, the
 * TypeORM `DataSource`, and `casesProjections` registered with the projection runner.
 */
@Module({
  controllers: [WorklistsController, CaseQueriesController, FamilySearchController, OpenApiController],
  providers: [
    CaseReadModel,
    ReadYourWrites,
    GetWorklistHandler,
    GetCaseDetailHandler,
    GetCaseAsOfHandler,
    GetCaseTimelineHandler,
    SearchFamiliesHandler,
    FindExactFamilyMatchesHandler,
  ],
})
export class CasesQueriesModule {}
