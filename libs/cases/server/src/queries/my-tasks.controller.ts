import { Controller, Query as QueryParams, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { MyTasksPage } from '@ketenregie/contracts';
import { principalFromRequest } from '@ketenregie/access-contracts';
import { accessContextOf } from '../access/case-access.service';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { GetMyTasks } from './get-my-tasks/get-my-tasks.handler';
import { getMyTasksRoute } from './get-my-tasks/get-my-tasks.route';
import { ReadYourWrites } from './read-side';
import { parseInput, Route, routeKey } from '@ketenregie/platform-http';

/** Mijn taken: a chain partner's (or local team's) own tasks in other organisations' plans. */
@Controller()
export class MyTasksController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Route(getMyTasksRoute)
  async myTasks(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @QueryParams() params: unknown,
  ): Promise<MyTasksPage> {
    const principal = principalFromRequest(request);
    const query = parseInput(getMyTasksRoute.query, params, 'query');
    await this.readYourWrites.wait([CASE_REGISTER_PROJECTION], query.after);
    return this.queryBus.execute(
      new GetMyTasks(
        principal,
        { page: query.page, pageSize: query.pageSize },
        accessContextOf(request, response, routeKey(getMyTasksRoute)),
      ),
    );
  }
}
