import { Controller, Query as QueryParams, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request } from 'express';
import type { WorklistCounts, WorklistFacets } from '@ketenregie/contracts';
import { principalFromRequest } from '@ketenregie/access-contracts';
import { parseInput, Route } from '@ketenregie/platform-http';
import { CASE_FEEDBACK_PROJECTION } from '../case-feedback/case-feedback.projection';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { GetWorklistCounts } from './get-worklist-counts/get-worklist-counts.handler';
import { getWorklistCountsRoute } from './get-worklist-counts/get-worklist-counts.route';
import { GetWorklistFacets } from './get-worklist-facets/get-worklist-facets.handler';
import { getWorklistFacetsRoute } from './get-worklist-facets/get-worklist-facets.route';
import { ReadYourWrites } from './read-side';

/**
 * The counts on the worklist tabs and the options of a list's filter chips, read from the same
 * case register as the lists; neither names a family.
 */
@Controller()
export class WorklistCountsController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Route(getWorklistCountsRoute)
  async counts(@Req() request: Request, @QueryParams() params: unknown): Promise<WorklistCounts> {
    const principal = principalFromRequest(request);
    const query = parseInput(getWorklistCountsRoute.query, params, 'query');
    await this.readYourWrites.wait([CASE_REGISTER_PROJECTION, CASE_FEEDBACK_PROJECTION], query.after);
    return this.queryBus.execute(
      new GetWorklistCounts(principal, query.scope, new Date(), { municipality: query.municipality, status: query.status }),
    );
  }

  @Route(getWorklistFacetsRoute)
  async facets(@Req() request: Request, @QueryParams() params: unknown): Promise<WorklistFacets> {
    const principal = principalFromRequest(request);
    const query = parseInput(getWorklistFacetsRoute.query, params, 'query');
    await this.readYourWrites.wait([CASE_REGISTER_PROJECTION, CASE_FEEDBACK_PROJECTION], query.after);
    return this.queryBus.execute(new GetWorklistFacets(query.list, principal, query.scope, new Date()));
  }
}
