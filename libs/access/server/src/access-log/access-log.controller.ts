import { Controller, Inject, Optional, Param, Query, Req, Res } from '@nestjs/common';
import type { AccessLogPage, AccessLogVerification, FamilyAccessLogExportView } from '@ketenregie/contracts';
import { exportFamilyAccessLogRoute, isCalendarDay, searchAccessLogRoute, verifyAccessLogRoute } from '@ketenregie/contracts';
import { ACCESS_LOG, PEOPLE_DIRECTORY } from '@ketenregie/access-contracts';
import type { AccessLogPort, PeopleDirectory } from '@ketenregie/access-contracts';
import { AccessLog } from './access-log';
import type { VerifyResult } from './access-log';
import type { AccessLogEntry } from './access-log-entry';
import type { AccessLogFilter, LogMoment } from './access-log-search';
import { ACCESS_LOG_MODULE_OPTIONS } from './access-log-module-options';
import type { AccessLogModuleOptions } from './access-log-module-options';
import { requestIdOf, requireCapability } from './privacy-officer-http';
import type { ResponseHeaders } from './privacy-officer-http';
import { namesOf } from './people-names';
import type { NameOf } from './people-names';
import { readsOfLogPage } from './review-reads';
import { parseInput, Route, routeKey } from '@ketenregie/platform-http';

const routes = {
  search: routeKey(searchAccessLogRoute),
  export: routeKey(exportFamilyAccessLogRoute),
} as const;

const moment = (value: string | undefined): LogMoment | undefined =>
  value === undefined ? undefined : isCalendarDay(value) ? { day: value } : { instant: value };

const toView = (entry: AccessLogEntry, nameOf: NameOf): AccessLogPage['items'][number] => ({
  sequence: entry.sequence,
  recordedAt: entry.recordedAt.toISOString(),
  subjectType: entry.subjectType,
  subjectId: entry.subjectId,
  familyId: entry.familyId,
  actor: { ...entry.actor, displayName: nameOf(entry.actor.userId) },
  onBehalfOf: entry.onBehalfOf && { ...entry.onBehalfOf, displayName: nameOf(entry.onBehalfOf.userId) },
  action: entry.action,
  legalBasis: entry.legalBasis,
  emergency: entry.emergency,
  emergencyReason: entry.emergencyReason,
  requestId: entry.requestId,
  route: entry.route,
  outcome: entry.outcome,
});

/**
 * The privacy officer's view of the NEN 7513 log. Every answer that shows log lines is itself
 * logged, through the same port as any other read, before it is sent.
 */
@Controller()
export class AccessLogController {
  private running: Promise<VerifyResult> | undefined;

  constructor(
    private readonly accessLog: AccessLog,
    @Inject(ACCESS_LOG) private readonly port: AccessLogPort,
    @Inject(ACCESS_LOG_MODULE_OPTIONS) private readonly options: AccessLogModuleOptions,
    @Optional() @Inject(PEOPLE_DIRECTORY) private readonly people?: PeopleDirectory,
  ) {}

  @Route(searchAccessLogRoute)
  async search(
    @Req() request: object,
    @Res({ passthrough: true }) response: ResponseHeaders,
    @Query() query: unknown,
  ): Promise<AccessLogPage> {
    const officer = requireCapability(request, 'review-access-log', this.options.organisationDirectory);
    const { page, pageSize, from, to, ...rest } = parseInput(searchAccessLogRoute.query, query, 'query');
    const filter: AccessLogFilter = { ...rest, from: moment(from), to: moment(to) };
    const found = await this.accessLog.search(filter, { limit: pageSize + 1, offset: (page - 1) * pageSize });
    const items = found.slice(0, pageSize);
    await this.port.recordAll(
      readsOfLogPage(items, filter, { actor: officer.actor, requestId: requestIdOf(response), route: routes.search }),
    );
    const nameOf = await namesOf(
      this.people,
      items.flatMap((item) => [item.actor.userId, item.onBehalfOf?.userId]),
    );
    return { items: items.map((item) => toView(item, nameOf)), page, pageSize, hasMore: found.length > pageSize };
  }

  /** The family's own view (AVG art. 15). Its `export` entry is written with it, in one transaction. */
  @Route(exportFamilyAccessLogRoute)
  async export(
    @Req() request: object,
    @Res({ passthrough: true }) response: ResponseHeaders,
    @Param() params: unknown,
  ): Promise<FamilyAccessLogExportView> {
    const officer = requireCapability(request, 'review-access-log', this.options.organisationDirectory);
    const { familyId } = parseInput(exportFamilyAccessLogRoute.params, params, 'params');
    return this.accessLog.exportForFamily(familyId, { actor: officer.actor, requestId: requestIdOf(response), route: routes.export });
  }

  /**
   * Walks the whole chain. Requests that arrive while a walk runs share its answer: a walk reads
   * every entry, and a second one at the same moment would say nothing new.
   */
  @Route(verifyAccessLogRoute)
  async verify(@Req() request: object): Promise<AccessLogVerification> {
    requireCapability(request, 'review-access-log', this.options.organisationDirectory);
    this.running ??= this.accessLog.verify().finally(() => (this.running = undefined));
    return this.running;
  }
}
