import { Controller, Get, Header, HttpException, HttpStatus, Param, Query as QueryParams, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { CaseDetail, CaseTimelinePage } from '@ketenregie/contracts';
import { caseDetailQuerySchema, caseIdParamSchema, caseTimelineQuerySchema } from '@ketenregie/contracts';
import type { RequestWithHeaders } from '../http/actor';
import { actorFromRequest } from '../http/actor';
import { CASE_REGISTER_PROJECTION } from '../projections/case-register.projection';
import { CASE_TIMELINE_PROJECTION } from '../projections/case-timeline.projection';
import { amsterdamToday } from './amsterdam-day';
import { GetCaseAsOf } from './get-case-as-of/get-case-as-of.handler';
import { GetCaseDetail } from './get-case-detail/get-case-detail.handler';
import { GetCaseTimeline } from './get-case-timeline/get-case-timeline.handler';
import { ReadYourWrites, caseNotFound } from './read-side';

/** The response methods a query needs; Express's response fits. */
type ResponseHeaders = { setHeader: (name: string, value: string) => unknown; status: (code: number) => unknown };

const etagOf = (version: number): string => `W/"${version}"`;

const matchesEtag = (header: string | string[] | undefined, etag: string): boolean => {
  const value = Array.isArray(header) ? header.join(',') : header;
  return value !== undefined && value.split(',').some((candidate) => candidate.trim() === etag || candidate.trim() === '*');
};

const futureAsOf = (): HttpException =>
  new HttpException(
    {
      type: 'about:blank',
      title: 'Bad Request',
      status: HttpStatus.BAD_REQUEST,
      detail: 'Het verzoek is niet geldig.',
      errors: [{ path: 'asOf', message: 'Deze datum ligt in de toekomst.' }],
    },
    HttpStatus.BAD_REQUEST,
  );

@Controller('cases')
export class CaseQueriesController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /**
   * The case now (from the read model, `ETag: W/"<version>"` for `If-Match` on commands), or with
   * `?asOf=` as it was at the end of that day (replayed from the event store, no ETag: it is history).
   */
  @Get(':caseId')
  @Header('Cache-Control', 'no-store')
  async detail(
    @Req() request: RequestWithHeaders,
    @Res({ passthrough: true }) response: ResponseHeaders,
    @Param() params: unknown,
    @QueryParams() queryParams: unknown,
  ): Promise<CaseDetail | undefined> {
    actorFromRequest(request);
    const { caseId } = caseIdParamSchema.parse(params);
    const query = caseDetailQuerySchema.parse(queryParams);
    if (query.asOf !== undefined) {
      const now = new Date();
      if (query.asOf > amsterdamToday(now)) throw futureAsOf();
      // The stream is read directly, so there is no read model to wait for; `after` is still checked.
      await this.readYourWrites.wait([], query.after);
      const result = await this.queryBus.execute(new GetCaseAsOf(caseId, query.asOf));
      if (result.kind === 'unknown-case') throw caseNotFound();
      if (result.kind === 'not-yet-opened') {
        throw new HttpException(
          {
            type: 'about:blank',
            title: 'Not Found',
            status: HttpStatus.NOT_FOUND,
            detail: 'Deze casus bestond op die datum nog niet.',
          },
          HttpStatus.NOT_FOUND,
        );
      }
      return result.detail;
    }
    await this.readYourWrites.wait([CASE_REGISTER_PROJECTION], query.after);
    const detail = await this.queryBus.execute(new GetCaseDetail(caseId, new Date()));
    if (!detail) throw caseNotFound();
    const etag = etagOf(detail.version);
    response.setHeader('ETag', etag);
    if (matchesEtag(request.headers['if-none-match'], etag)) {
      response.status(HttpStatus.NOT_MODIFIED);
      return undefined;
    }
    return detail;
  }

  @Get(':caseId/timeline')
  @Header('Cache-Control', 'no-store')
  async timeline(
    @Req() request: RequestWithHeaders,
    @Param() params: unknown,
    @QueryParams() queryParams: unknown,
  ): Promise<CaseTimelinePage> {
    actorFromRequest(request);
    const { caseId } = caseIdParamSchema.parse(params);
    const query = caseTimelineQuerySchema.parse(queryParams);
    await this.readYourWrites.wait([CASE_TIMELINE_PROJECTION, CASE_REGISTER_PROJECTION], query.after);
    const page = await this.queryBus.execute(
      new GetCaseTimeline(caseId, { ...(query.kind ? { kind: query.kind } : {}), page: query.page, pageSize: query.pageSize }),
    );
    if (!page) throw caseNotFound();
    return page;
  }
}
