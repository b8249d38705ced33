import { Controller, Get, Header, Query as QueryParams, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FamilySearchResult } from '@ketenregie/contracts';
import { familySearchQuerySchema } from '@ketenregie/contracts';
import type { RequestWithHeaders } from '../http/actor';
import { actorFromRequest } from '../http/actor';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { SearchFamilies } from './search-families/search-families.handler';
import { ReadYourWrites } from './read-side';

@Controller('families')
export class FamilySearchController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /** Search-before-create. Names and dates travel in the query string: never log it (the request log does not). */
  @Get('search')
  @Header('Cache-Control', 'no-store')
  async search(@Req() request: RequestWithHeaders, @QueryParams() params: unknown): Promise<FamilySearchResult> {
    actorFromRequest(request);
    const query = familySearchQuerySchema.parse(params);
    await this.readYourWrites.wait([CASE_REGISTER_PROJECTION], query.after);
    return this.queryBus.execute(new SearchFamilies(query));
  }
}
