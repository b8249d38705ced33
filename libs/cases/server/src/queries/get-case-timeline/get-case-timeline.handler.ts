import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Principal } from '@ketenregie/access-domain';
import type { TimelineKind } from '@ketenregie/contracts';
import type { AccessContext } from '../../access/case-access.service';
import { CaseAccess, accessLogEntry, caseNotFoundProblem } from '../../access/case-access.service';
import { caseRelationsOfRecord } from '../../access/case-relations';
import { CaseReadModel } from '../case-read-model';

/**
 * A `CaseTimelinePage` as JSON text: the entries arrive from PostgreSQL already serialised and are
 * sent as they are.
 */
export type SerialisedTimelinePage = { json: string };

/** One page of a case's history, newest first, for a user with the whole case (404/403 otherwise). */
export class GetCaseTimeline extends Query<SerialisedTimelinePage> {
  constructor(
    readonly caseId: string,
    readonly options: { kind?: TimelineKind; page: number; pageSize: number },
    readonly principal: Principal,
    readonly context: AccessContext,
    readonly now: Date,
  ) {
    super();
  }
}

@QueryHandler(GetCaseTimeline)
export class GetCaseTimelineHandler implements IQueryHandler<GetCaseTimeline, SerialisedTimelinePage> {
  constructor(
    private readonly readModel: CaseReadModel,
    private readonly access: CaseAccess,
  ) {}

  async execute({ caseId, options, principal, context, now }: GetCaseTimeline): Promise<SerialisedTimelinePage> {
    // Both at once: the page is only returned once the relations read alongside it allow it.
    const [record, { itemsJson, total }] = await Promise.all([
      this.readModel.caseRecord(caseId),
      this.readModel.timelinePage(caseId, {
        ...(options.kind ? { kind: options.kind } : {}),
        limit: options.pageSize,
        offset: (options.page - 1) * options.pageSize,
      }),
    ]);
    if (!record) throw caseNotFoundProblem();
    const granted = this.access.requireFull(await this.access.decide(principal, caseRelationsOfRecord(record), now));
    await this.access.record(accessLogEntry(principal, granted, { caseId, familyId: record.state.familyId }, 'read', context));
    // An empty page of a known case (a filter without hits, a page past the end) is still a page.
    // The same keys in the same order as `caseTimelinePageSchema`.
    return { json: `{"items":${itemsJson},"page":${options.page},"pageSize":${options.pageSize},"total":${total}}` };
  }
}
