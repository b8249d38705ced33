import { Controller, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { FamilySearchResult } from '@ketenregie/contracts';
import { principalFromRequest } from '@ketenregie/access-contracts';
import { accessContextOf } from '../access/case-access.service';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { SearchFamilies } from './search-families/search-families.handler';
import { searchFamiliesRoute } from './search-families/search-families.route';
import { ReadYourWrites } from './read-side';
import { parseInput, Route, routeKey } from '@ketenregie/platform-http';

/** Search-before-create; see its declaration for why it is a POST. */
@Controller()
export class FamilySearchController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Route(searchFamiliesRoute)
  async search(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<FamilySearchResult> {
    const principal = principalFromRequest(request);
    const query = parseInput(searchFamiliesRoute.body.schema, request.body ?? {});
    await this.readYourWrites.wait([CASE_REGISTER_PROJECTION], query.after);
    return this.queryBus.execute(new SearchFamilies(query, principal, accessContextOf(request, response, routeKey(searchFamiliesRoute))));
  }
}
