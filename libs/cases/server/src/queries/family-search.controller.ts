import { Controller, Get, Header, Query as QueryParams, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { FamilySearchResult } from '@ketenregie/contracts';
import { familySearchQuerySchema } from '@ketenregie/contracts';
import { principalFromRequest } from '@ketenregie/server-kit';
import { parseInput } from '../http/parse-input';
import { accessContextOf } from '../access/case-access.service';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { SearchFamilies } from './search-families/search-families.handler';
import { ReadYourWrites } from './read-side';

@Controller('families')
export class FamilySearchController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /**
   * Search-before-create, among the cases the user sees in full. Names and dates travel in the
   * query string: never log it (neither the request log nor the access log does).
   */
  @Get('search')
  @Header('Cache-Control', 'no-store')
  async search(@Req() request: Request, @Res({ passthrough: true }) response: Response, @QueryParams() params: unknown): Promise<FamilySearchResult> {
    const principal = principalFromRequest(request);
    const query = parseInput(familySearchQuerySchema, params, 'query');
    await this.readYourWrites.wait([CASE_REGISTER_PROJECTION], query.after);
    return this.queryBus.execute(new SearchFamilies(query, principal, accessContextOf(request, response, 'GET /api/families/search')));
  }
}
