import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Principal } from '@ketenregie/access-domain';
import type { TimelineKind } from '@ketenregie/contracts';
import type { AccessContext } from '../../access/case-access.service';
import { CaseAccess, accessLogEntry, caseNotFoundProblem } from '../../access/case-access.service';
import { CASE_REGISTER_PROJECTION } from '../../projections/case-register.projection';
import { caseRelationColumns, caseRelationsOfRow } from '../../projections/case-summaries';
import { CASE_TIMELINE_PROJECTION } from '../../projections/case-timeline.projection';
import { CaseReadModel } from '../case-read-model';
import { ReadYourWrites } from '../read-side';

/**
 * One page of a case's history, newest first, for a user with the whole case (404/403 otherwise),
 * as the JSON text of a `CaseTimelinePage`: PostgreSQL serialises the entries from the timeline's
 * columns (see the timeline projection), so the page is joined from them rather than parsed and
 * serialised again.
 */
export class GetCaseTimeline extends Query<string> {
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
export class GetCaseTimelineHandler implements IQueryHandler<GetCaseTimeline, string> {
  constructor(
    private readonly readModel: CaseReadModel,
    private readonly access: CaseAccess,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ caseId, options, principal, context, now }: GetCaseTimeline): Promise<string> {
    const read = async () => {
      // Both at once: the page is only returned once the relations read alongside it allow it.
      const [found, page] = await Promise.all([
        this.readModel.caseRow(caseId, caseRelationColumns),
        this.readModel.timeline(caseId, {
          ...(options.kind ? { kind: options.kind } : {}),
          limit: options.pageSize,
          offset: (options.page - 1) * options.pageSize,
        }),
      ]);
      return { row: found, page, decision: found && (await this.access.decide(principal, caseRelationsOfRow(found), now)) };
    };
    let { row, page, decision } = await read();
    // Before a 404: the read models may not have the case (or the relation) yet.
    const lagging = !decision || decision.scope === 'none';
    if (
      lagging &&
      (await this.readYourWrites.caughtUpWithCase(caseId, row?.version, [CASE_TIMELINE_PROJECTION, CASE_REGISTER_PROJECTION]))
    ) {
      ({ row, page, decision } = await read());
    }
    if (!row || !decision) throw caseNotFoundProblem();
    const granted = this.access.requireFull(decision);
    await this.access.record(accessLogEntry(principal, granted, { caseId, familyId: row.family_id }, 'read', context));
    const { entries, total } = page;
    // An empty page of a known case (a filter without hits, a page past the end) is still a page.
    return `{"items":[${entries.join(',')}],"page":${options.page},"pageSize":${options.pageSize},"total":${total}}`;
  }
}
