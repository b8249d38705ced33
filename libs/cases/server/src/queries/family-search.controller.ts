import { Controller, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { FamilySearchResult } from '@ketenregie/contracts';
import { familySearchBodySchema } from '@ketenregie/contracts';
import { principalFromRequest } from '@ketenregie/access-contracts';
import { accessContextOf } from '../access/case-access.service';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { SearchFamilies } from './search-families/search-families.handler';
import { ReadYourWrites } from './read-side';
import { parseInput } from '@ketenregie/platform-http';

@Controller('families')
export class FamilySearchController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /**
   * Search-before-create, among the cases the user sees in full. A POST with a JSON body: names,
   * dates of birth and addresses in a query string would stay in proxies' and browsers' logs (Dutch
   * API Design Rules). It changes nothing, so it needs no Idempotency-Key; CSRF applies as to every POST.
   */
  @Post('search')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async search(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<FamilySearchResult> {
    const principal = principalFromRequest(request);
    const query = parseInput(familySearchBodySchema, request.body ?? {});
    await this.readYourWrites.wait([CASE_REGISTER_PROJECTION], query.after);
    return this.queryBus.execute(new SearchFamilies(query, principal, accessContextOf(request, response, 'POST /api/v1/families/search')));
  }
}
