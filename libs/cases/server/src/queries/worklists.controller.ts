import { Controller, Get, Header, Query as QueryParams, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { WorklistName, WorklistPage } from '@ketenregie/contracts';
import { apiBasePath, worklistQuerySchema } from '@ketenregie/contracts';
import { principalFromRequest } from '@ketenregie/access-contracts';
import { accessContextOf } from '../access/case-access.service';
import { CASE_FEEDBACK_PROJECTION } from '../case-feedback/case-feedback.projection';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { GetWorklist } from './get-worklist/get-worklist.handler';
import { ReadYourWrites } from './read-side';
import { worklistRoutes } from './get-worklist/worklist.routes';
import { parseInput } from '@ketenregie/platform-http';

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

  async worklist(name: WorklistName, request: Request, response: Response, params: unknown): Promise<WorklistPage> {
    const principal = principalFromRequest(request);
    const query = parseInput(worklistQuerySchema, params, 'query');
    await this.readYourWrites.wait([CASE_REGISTER_PROJECTION, CASE_FEEDBACK_PROJECTION], query.after);
    return this.queryBus.execute(
      new GetWorklist(
        name,
        principal,
        {
          page: query.page,
          pageSize: query.pageSize,
          scope: query.scope,
          sort: { key: query.sort, order: query.order },
          filters: { municipality: query.municipality, status: query.status },
        },
        accessContextOf(request, response, `GET ${apiBasePath}/worklists/${name}`),
        new Date(),
      ),
    );
  }
}

// One endpoint per declared worklist, each answering through `worklist` above.
const prototype = WorklistsController.prototype as unknown as Record<string, unknown>;
for (const route of worklistRoutes) {
  const key = route.operationId;
  prototype[key] = function (
    this: { worklist: WorklistsController['worklist'] },
    request: Request,
    response: Response,
    params: unknown,
  ): Promise<WorklistPage> {
    return this.worklist(route.name, request, response, params);
  };
  const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
  if (!descriptor) throw new Error(`No endpoint for ${key}`);
  Get(route.name)(prototype, key, descriptor);
  Header('Cache-Control', 'no-store')(prototype, key, descriptor);
  Req()(prototype, key, 0);
  Res({ passthrough: true })(prototype, key, 1);
  QueryParams()(prototype, key, 2);
}
