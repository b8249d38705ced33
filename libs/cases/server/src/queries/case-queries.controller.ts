import { Controller, HttpException, HttpStatus, Param, Query as QueryParams, Req, Res, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { CaseDetail, CaseTexts, HandoverTargets } from '@ketenregie/contracts';
import { principalFromRequest } from '@ketenregie/access-contracts';
import { etagOf, matchesWeakly } from '../http/etag';
import { accessContextOf } from '../access/case-access.service';
import { RefusalFloorInterceptor } from '../http/refusal-floor';
import { CASE_FEEDBACK_PROJECTION } from '../case-feedback/case-feedback.projection';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { CASE_TIMELINE_PROJECTION } from '../projections/case-timeline.projection';
import { amsterdamToday } from './amsterdam-day';
import { GetCaseAsOf } from './get-case-as-of/get-case-as-of.handler';
import { getCaseRoute } from './get-case-detail/get-case.route';
import { GetCaseDetail } from './get-case-detail/get-case-detail.handler';
import { GetCaseTimeline } from './get-case-timeline/get-case-timeline.handler';
import { getCaseTimelineRoute } from './get-case-timeline/get-case-timeline.route';
import { GetCaseTexts } from './get-case-texts/get-case-texts.handler';
import { getCaseTextsRoute } from './get-case-texts/get-case-texts.route';
import { GetHandoverTargets } from './get-handover-targets/get-handover-targets.handler';
import { getHandoverTargetsRoute } from './get-handover-targets/get-handover-targets.route';
import { ReadYourWrites } from './read-side';
import { parseInput, Route, routeKey } from '@ketenregie/platform-http';

const futureAsOf = (): HttpException =>
  new HttpException(
    {
      type: 'about:blank',
      title: 'Bad Request',
      status: HttpStatus.BAD_REQUEST,
      detail: 'Het verzoek is niet geldig.',
      errors: [{ path: 'query.asOf', message: 'Deze datum ligt in de toekomst.' }],
    },
    HttpStatus.BAD_REQUEST,
  );

/**
 * One case: only for a user with the whole case (director, team, hand-over receiver, Veilig Thuis
 * region, running emergency grant). Without a relation the answer is the unknown-case 404; every
 * read is in the access log before the data leaves.
 */
@Controller()
@UseInterceptors(RefusalFloorInterceptor)
export class CaseQueriesController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /**
   * The case now (from the read model, `ETag: "<version>"` for `If-Match` on commands), or with
   * `?asOf=` as it was at the end of that day (replayed from the event store, no ETag: it is history).
   */
  @Route(getCaseRoute)
  async detail(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Param() params: unknown,
    @QueryParams() queryParams: unknown,
  ): Promise<CaseDetail | undefined> {
    const principal = principalFromRequest(request);
    const { caseId } = parseInput(getCaseRoute.params, params, 'params');
    const query = parseInput(getCaseRoute.query, queryParams, 'query');
    const context = accessContextOf(request, response, routeKey(getCaseRoute));
    const now = new Date();
    if (query.asOf !== undefined) {
      if (query.asOf > amsterdamToday(now)) throw futureAsOf();
      // The stream is read directly, so there is no read model to wait for; `after` is still checked.
      await this.readYourWrites.wait([], query.after);
      return this.queryBus.execute(new GetCaseAsOf(caseId, query.asOf, principal, context, now));
    }
    await this.readYourWrites.wait([CASE_REGISTER_PROJECTION, CASE_FEEDBACK_PROJECTION], query.after);
    // Access is decided (and the read logged) before an ETag is compared: a 304 tells that the
    // case exists and has not changed, which is itself for the case's professionals only.
    const detail = await this.queryBus.execute(new GetCaseDetail(caseId, principal, context, now));
    const etag = etagOf(detail.version);
    response.setHeader('ETag', etag);
    if (matchesWeakly(request.headers['if-none-match'], etag)) {
      response.status(HttpStatus.NOT_MODIFIED);
      return undefined;
    }
    return detail;
  }

  @Route(getCaseTimelineRoute)
  async timeline(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Param() params: unknown,
    @QueryParams() queryParams: unknown,
  ): Promise<string> {
    const principal = principalFromRequest(request);
    const { caseId } = parseInput(getCaseTimelineRoute.params, params, 'params');
    const query = parseInput(getCaseTimelineRoute.query, queryParams, 'query');
    await this.readYourWrites.wait([CASE_TIMELINE_PROJECTION, CASE_REGISTER_PROJECTION], query.after);
    // A `CaseTimelinePage` already serialised; set before the handler runs so an error still
    // answers as problem+json (the exception filter sets its own type).
    response.type('application/json');
    return this.queryBus.execute(
      new GetCaseTimeline(
        caseId,
        { ...(query.kind ? { kind: query.kind } : {}), page: query.page, pageSize: query.pageSize },
        principal,
        accessContextOf(request, response, routeKey(getCaseTimelineRoute)),
        new Date(),
      ),
    );
  }

  /** The case's free texts, for the same users as the case itself; every read is logged. */
  @Route(getCaseTextsRoute)
  async texts(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Param() params: unknown,
    @QueryParams() queryParams: unknown,
  ): Promise<CaseTexts> {
    const principal = principalFromRequest(request);
    const { caseId } = parseInput(getCaseTextsRoute.params, params, 'params');
    const query = parseInput(getCaseTextsRoute.query, queryParams, 'query');
    await this.readYourWrites.wait([CASE_REGISTER_PROJECTION], query.after);
    return this.queryBus.execute(
      new GetCaseTexts(caseId, principal, accessContextOf(request, response, routeKey(getCaseTextsRoute)), new Date()),
    );
  }

  /** Where the user may offer this case to now, for the same users as the case itself; every read is logged. */
  @Route(getHandoverTargetsRoute)
  async handoverTargets(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Param() params: unknown,
    @QueryParams() queryParams: unknown,
  ): Promise<HandoverTargets> {
    const principal = principalFromRequest(request);
    const { caseId } = parseInput(getHandoverTargetsRoute.params, params, 'params');
    const query = parseInput(getHandoverTargetsRoute.query, queryParams, 'query');
    await this.readYourWrites.wait([CASE_REGISTER_PROJECTION], query.after);
    return this.queryBus.execute(
      new GetHandoverTargets(caseId, principal, accessContextOf(request, response, routeKey(getHandoverTargetsRoute)), new Date()),
    );
  }
}
