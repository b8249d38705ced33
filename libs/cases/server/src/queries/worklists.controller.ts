import { Controller, Get, Header, Query as QueryParams, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { WorklistName, WorklistPage } from '@ketenregie/contracts';
import { worklistQuerySchema } from '@ketenregie/contracts';
import { principalFromRequest } from '@ketenregie/access-contracts';
import { parseInput } from '../http/parse-input';
import { accessContextOf } from '../access/case-access.service';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { GetWorklist } from './get-worklist/get-worklist.handler';
import { ReadYourWrites } from './read-side';

/**
 * Worklists: what needs someone's attention, most urgent first, over the cases the user sees in
 * full through a relation; for the roles that direct cases only (403 otherwise).
 */
@Controller('worklists')
export class WorklistsController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  private async worklist(name: WorklistName, request: Request, response: Response, params: unknown): Promise<WorklistPage> {
    const principal = principalFromRequest(request);
    const query = parseInput(worklistQuerySchema, params, 'query');
    await this.readYourWrites.wait([CASE_REGISTER_PROJECTION], query.after);
    return this.queryBus.execute(
      new GetWorklist(
        name,
        principal,
        { page: query.page, pageSize: query.pageSize, scope: query.scope },
        accessContextOf(request, response, `GET /api/v1/worklists/${name}`),
        new Date(),
      ),
    );
  }

  @Get('my-cases')
  @Header('Cache-Control', 'no-store')
  myCases(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @QueryParams() params: unknown,
  ): Promise<WorklistPage> {
    return this.worklist('my-cases', request, response, params);
  }

  @Get('assessments-due')
  @Header('Cache-Control', 'no-store')
  assessmentsDue(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @QueryParams() params: unknown,
  ): Promise<WorklistPage> {
    return this.worklist('assessments-due', request, response, params);
  }

  @Get('assessments-overdue')
  @Header('Cache-Control', 'no-store')
  assessmentsOverdue(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @QueryParams() params: unknown,
  ): Promise<WorklistPage> {
    return this.worklist('assessments-overdue', request, response, params);
  }

  @Get('rappels-due')
  @Header('Cache-Control', 'no-store')
  rappelsDue(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @QueryParams() params: unknown,
  ): Promise<WorklistPage> {
    return this.worklist('rappels-due', request, response, params);
  }

  @Get('rappels-overdue')
  @Header('Cache-Control', 'no-store')
  rappelsOverdue(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @QueryParams() params: unknown,
  ): Promise<WorklistPage> {
    return this.worklist('rappels-overdue', request, response, params);
  }

  @Get('recidivism-flags')
  @Header('Cache-Control', 'no-store')
  recidivismFlags(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @QueryParams() params: unknown,
  ): Promise<WorklistPage> {
    return this.worklist('recidivism-flags', request, response, params);
  }
}
