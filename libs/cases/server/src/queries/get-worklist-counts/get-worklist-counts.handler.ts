import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Principal } from '@ketenregie/access-domain';
import type { WorklistCounts } from '@ketenregie/contracts';
import { CaseAccess } from '../../access/case-access.service';
import { amsterdamToday } from '../amsterdam-day';
import type { WorklistFilters } from '../case-read-model';
import { CaseReadModel } from '../case-read-model';

/**
 * The count of each worklist over the same cases and with the same filters as the lists (403 for a
 * role without worklists). No access-log entries: a count names no family and shows nothing of a
 * case, so no one's data is read; the lists log each family they show.
 */
export class GetWorklistCounts extends Query<WorklistCounts> {
  constructor(
    readonly principal: Principal,
    readonly scope: 'all' | 'mine',
    readonly now: Date,
    readonly filters: WorklistFilters = {},
  ) {
    super();
  }
}

@QueryHandler(GetWorklistCounts)
export class GetWorklistCountsHandler implements IQueryHandler<GetWorklistCounts, WorklistCounts> {
  constructor(
    private readonly readModel: CaseReadModel,
    private readonly access: CaseAccess,
  ) {}

  execute({ principal, scope, now, filters }: GetWorklistCounts): Promise<WorklistCounts> {
    this.access.requireCapability(principal, 'view-worklists');
    return this.readModel.worklistCounts({
      userId: principal.userId,
      organisationId: principal.organisationId,
      mine: scope === 'mine',
      today: amsterdamToday(now),
      visible: this.access.visibleCases(principal),
      filters,
    });
  }
}
