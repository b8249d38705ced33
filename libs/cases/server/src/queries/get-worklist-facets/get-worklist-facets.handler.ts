import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Principal } from '@ketenregie/access-domain';
import type { WorklistFacets, WorklistName } from '@ketenregie/contracts';
import { CaseAccess } from '../../access/case-access.service';
import { amsterdamToday } from '../amsterdam-day';
import { CaseReadModel } from '../case-read-model';

/**
 * The filter values of one worklist over the same cases as the list (403 for a role without
 * worklists). No access-log entries: a municipality or a status names no family, so the chips
 * cost no one's privacy, and the list logs only the page it shows.
 */
export class GetWorklistFacets extends Query<WorklistFacets> {
  constructor(
    readonly name: WorklistName,
    readonly principal: Principal,
    readonly scope: 'all' | 'mine',
    readonly now: Date,
  ) {
    super();
  }
}

@QueryHandler(GetWorklistFacets)
export class GetWorklistFacetsHandler implements IQueryHandler<GetWorklistFacets, WorklistFacets> {
  constructor(
    private readonly readModel: CaseReadModel,
    private readonly access: CaseAccess,
  ) {}

  execute({ name, principal, scope, now }: GetWorklistFacets): Promise<WorklistFacets> {
    this.access.requireCapability(principal, 'view-worklists');
    return this.readModel.worklistFacets(name, {
      userId: principal.userId,
      organisationId: principal.organisationId,
      mine: scope === 'mine',
      today: amsterdamToday(now),
      visible: this.access.visibleCases(principal),
    });
  }
}
