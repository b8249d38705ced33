import { Controller, Query as QueryParams, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { RappelPlanner } from '@ketenregie/contracts';
import { principalFromRequest } from '@ketenregie/access-contracts';
import { parseInput, Route, routeKey } from '@ketenregie/platform-http';
import { accessContextOf } from '../access/case-access.service';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { GetRappelPlanner } from './get-rappel-planner/get-rappel-planner.handler';
import { getRappelPlannerRoute } from './get-rappel-planner/get-rappel-planner.route';
import { ReadYourWrites } from './read-side';

/** The rappel planner: Veilig Thuis' follow-ups after hand-over, a week at a time. */
@Controller()
export class RappelPlannerController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Route(getRappelPlannerRoute)
  async rappelPlanner(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @QueryParams() params: unknown,
  ): Promise<RappelPlanner> {
    const principal = principalFromRequest(request);
    const query = parseInput(getRappelPlannerRoute.query, params, 'query');
    await this.readYourWrites.wait([CASE_REGISTER_PROJECTION], query.after);
    return this.queryBus.execute(
      new GetRappelPlanner(
        principal,
        { from: query.from, to: query.to, scope: query.scope },
        accessContextOf(request, response, routeKey(getRappelPlannerRoute)),
        new Date(),
      ),
    );
  }
}
