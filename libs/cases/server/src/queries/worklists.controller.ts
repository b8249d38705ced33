import { Controller, Get, Header, Query as QueryParams, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { WorklistName, WorklistPage } from '@ketenregie/contracts';
import { worklistQuerySchema } from '@ketenregie/contracts';
import type { RequestWithHeaders } from '../http/actor';
import { actorFromRequest } from '../http/actor';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { GetWorklist } from './get-worklist/get-worklist.handler';
import { ReadYourWrites } from './read-side';

/** Worklists: what needs someone's attention, most urgent first. */
@Controller('worklists')
export class WorklistsController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  private async worklist(name: WorklistName, request: RequestWithHeaders, params: unknown): Promise<WorklistPage> {
    const actor = actorFromRequest(request);
    const query = worklistQuerySchema.parse(params);
    await this.readYourWrites.wait([CASE_REGISTER_PROJECTION], query.after);
    return this.queryBus.execute(
      new GetWorklist(name, actor.userId, { page: query.page, pageSize: query.pageSize, scope: query.scope }, new Date()),
    );
  }

  @Get('my-cases')
  @Header('Cache-Control', 'no-store')
  myCases(@Req() request: RequestWithHeaders, @QueryParams() params: unknown): Promise<WorklistPage> {
    return this.worklist('my-cases', request, params);
  }

  @Get('assessments-due')
  @Header('Cache-Control', 'no-store')
  assessmentsDue(@Req() request: RequestWithHeaders, @QueryParams() params: unknown): Promise<WorklistPage> {
    return this.worklist('assessments-due', request, params);
  }

  @Get('assessments-overdue')
  @Header('Cache-Control', 'no-store')
  assessmentsOverdue(@Req() request: RequestWithHeaders, @QueryParams() params: unknown): Promise<WorklistPage> {
    return this.worklist('assessments-overdue', request, params);
  }

  @Get('rappels-due')
  @Header('Cache-Control', 'no-store')
  rappelsDue(@Req() request: RequestWithHeaders, @QueryParams() params: unknown): Promise<WorklistPage> {
    return this.worklist('rappels-due', request, params);
  }

  @Get('rappels-overdue')
  @Header('Cache-Control', 'no-store')
  rappelsOverdue(@Req() request: RequestWithHeaders, @QueryParams() params: unknown): Promise<WorklistPage> {
    return this.worklist('rappels-overdue', request, params);
  }

  @Get('recidivism-flags')
  @Header('Cache-Control', 'no-store')
  recidivismFlags(@Req() request: RequestWithHeaders, @QueryParams() params: unknown): Promise<WorklistPage> {
    return this.worklist('recidivism-flags', request, params);
  }
}
