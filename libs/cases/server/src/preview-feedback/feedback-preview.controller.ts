import { Controller, Param, Req, Res, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { FeedbackPreview } from '@ketenregie/contracts';
import { principalFromRequest } from '@ketenregie/access-contracts';
import { parseInput, Route, routeKey } from '@ketenregie/platform-http';
import { accessContextOf } from '../access/case-access.service';
import { RefusalFloorInterceptor } from '../http/refusal-floor';
import { PreviewFeedback } from './preview-feedback.handler';
import { previewFeedbackRoute } from './preview-feedback.route';

/** The preview of a message to a referrer; see its declaration for why it is a POST. */
@Controller()
@UseInterceptors(RefusalFloorInterceptor)
export class FeedbackPreviewController {
  constructor(private readonly queryBus: QueryBus) {}

  @Route(previewFeedbackRoute)
  async preview(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Param() params: unknown,
  ): Promise<FeedbackPreview> {
    const principal = principalFromRequest(request);
    const { caseId } = parseInput(previewFeedbackRoute.params, params, 'params');
    const body = parseInput(previewFeedbackRoute.body.schema, request.body ?? {});
    return this.queryBus.execute(
      new PreviewFeedback(caseId, body, principal, accessContextOf(request, response, routeKey(previewFeedbackRoute)), new Date()),
    );
  }
}
