import { Body, Controller, Inject, Optional, Param, Query, Req, Res } from '@nestjs/common';
import type { EmergencyGrantPage, EmergencyGrantView } from '@ketenregie/contracts';
import { listEmergencyGrantsRoute, reviewEmergencyGrantRoute } from '@ketenregie/contracts';
import { ACCESS_LOG, PEOPLE_DIRECTORY } from '@ketenregie/access-contracts';
import type { AccessLogPort, PeopleDirectory } from '@ketenregie/access-contracts';
import { EmergencyGrantStore } from '../authorization/emergency-grant-store';
import type { EmergencyGrantRecord, MarkReviewedResult } from '../authorization/emergency-grant-store';
import { ACCESS_LOG_MODULE_OPTIONS } from './access-log-module-options';
import type { AccessLogModuleOptions } from './access-log-module-options';
import { decodeLegacyReviewNote } from './emergency-grant-review-note';
import { requestIdOf, requireCapability } from './privacy-officer-http';
import type { ResponseHeaders } from './privacy-officer-http';
import { namesOf } from './people-names';
import type { NameOf } from './people-names';
import { readsOfGrantPage } from './review-reads';
import { parseInput, problem, Route, routeKey } from '@ketenregie/platform-http';

const toView = (grant: EmergencyGrantRecord, nameOf: NameOf): EmergencyGrantView => ({
  grantId: grant.grantId,
  userId: grant.userId,
  displayName: nameOf(grant.userId),
  organisationId: grant.organisationId,
  caseId: grant.caseId,
  reason: grant.reason,
  grantedAt: grant.grantedAt.toISOString(),
  expiresAt: grant.expiresAt.toISOString(),
  review: grant.review && {
    reviewedBy: grant.review.reviewedBy,
    reviewedByName: nameOf(grant.review.reviewedBy),
    reviewedAt: grant.review.reviewedAt.toISOString(),
    ...(grant.review.outcome !== null
      ? { outcome: grant.review.outcome, note: grant.review.note }
      : decodeLegacyReviewNote(grant.review.note)),
  },
});

const refusedReviews: Record<Exclude<MarkReviewedResult, 'reviewed'>, () => Error> = {
  'not-found': () => problem(404, 'Deze noodtoegang bestaat niet.', { type: 'urn:ketenregie:problem:emergency-grant.not-found' }),
  'already-reviewed': () =>
    problem(409, 'Deze noodtoegang is al beoordeeld. Laad de lijst opnieuw.', {
      type: 'urn:ketenregie:problem:emergency-grant.already-reviewed',
    }),
  'own-grant': () =>
    problem(403, 'U kunt uw eigen noodtoegang niet beoordelen; een andere privacyfunctionaris moet dat doen.', {
      type: 'urn:ketenregie:problem:emergency-grant.own-grant',
    }),
};

/** The privacy officer's review of break-the-glass access: the queue, the history, the verdict. */
@Controller()
export class EmergencyGrantReviewController {
  constructor(
    private readonly grants: EmergencyGrantStore,
    @Inject(ACCESS_LOG) private readonly port: AccessLogPort,
    @Inject(ACCESS_LOG_MODULE_OPTIONS) private readonly options: AccessLogModuleOptions,
    @Optional() @Inject(PEOPLE_DIRECTORY) private readonly people?: PeopleDirectory,
  ) {}

  /** Unreviewed oldest first (a queue), reviewed newest first (a history), all newest first. */
  @Route(listEmergencyGrantsRoute)
  async list(
    @Req() request: object,
    @Res({ passthrough: true }) response: ResponseHeaders,
    @Query() query: unknown,
  ): Promise<EmergencyGrantPage> {
    const officer = requireCapability(request, 'review-emergency-grants', this.options.organisationDirectory);
    const { reviewed, page, pageSize } = parseInput(listEmergencyGrantsRoute.query, query, 'query');
    const status = reviewed === undefined ? 'all' : reviewed ? 'reviewed' : 'unreviewed';
    const { items, total } = await this.grants.listForReview({ status, limit: pageSize, offset: (page - 1) * pageSize });
    // The reasons describe the situation in a family's case: shown only once logged.
    await this.port.recordAll(
      readsOfGrantPage(
        items.map((grant) => grant.caseId),
        { actor: officer.actor, requestId: requestIdOf(response), route: routeKey(listEmergencyGrantsRoute) },
      ),
    );
    const nameOf = await namesOf(
      this.people,
      items.flatMap((grant) => [grant.userId, grant.review?.reviewedBy]),
    );
    return { items: items.map((grant) => toView(grant, nameOf)), page, pageSize, total };
  }

  @Route(reviewEmergencyGrantRoute)
  async review(
    @Req() request: object,
    @Res({ passthrough: true }) response: ResponseHeaders,
    @Param() params: unknown,
    @Body() body: unknown,
  ): Promise<EmergencyGrantView> {
    const officer = requireCapability(request, 'review-emergency-grants', this.options.organisationDirectory);
    const { grantId } = parseInput(reviewEmergencyGrantRoute.params, params, 'params');
    const { outcome, note } = parseInput(reviewEmergencyGrantRoute.body.schema, body ?? {});
    const result = await this.grants.markReviewed(grantId, {
      reviewedBy: officer.principal.userId,
      reviewedAt: new Date(),
      outcome,
      ...(note !== undefined ? { note } : {}),
    });
    if (result !== 'reviewed') throw refusedReviews[result]();
    const reviewed = await this.grants.findGrant(grantId);
    if (!reviewed) throw refusedReviews['not-found']();
    await this.port.recordAll(
      readsOfGrantPage([reviewed.caseId], {
        actor: officer.actor,
        requestId: requestIdOf(response),
        route: routeKey(reviewEmergencyGrantRoute),
      }),
    );
    return toView(reviewed, await namesOf(this.people, [reviewed.userId, reviewed.review?.reviewedBy]));
  }
}
