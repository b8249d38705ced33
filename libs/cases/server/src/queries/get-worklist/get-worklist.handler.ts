import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Principal } from '@ketenregie/access-domain';
import type { WorklistName, WorklistPage } from '@ketenregie/contracts';
import type { AccessContext } from '../../access/case-access.service';
import { CaseAccess, accessLogEntry } from '../../access/case-access.service';
import { amsterdamToday } from '../amsterdam-day';
import type { WorklistFilters, WorklistSort } from '../case-read-model';
import { CaseReadModel } from '../case-read-model';

/**
 * A worklist over the cases the user sees in full through a relation (403 for a role without
 * worklists). Page and total are filtered and sorted alike in the database, so only the page's
 * families are read: each of them is a logged read, and no other. Cases opened by break-the-glass are not listed: a grant opens one case by its id.
 */
export class GetWorklist extends Query<WorklistPage> {
  constructor(
    readonly name: WorklistName,
    readonly principal: Principal,
    readonly options: { page: number; pageSize: number; scope: 'all' | 'mine'; sort: WorklistSort; filters: WorklistFilters },
    readonly context: AccessContext,
    readonly now: Date,
  ) {
    super();
  }
}

@QueryHandler(GetWorklist)
export class GetWorklistHandler implements IQueryHandler<GetWorklist, WorklistPage> {
  constructor(
    private readonly readModel: CaseReadModel,
    private readonly access: CaseAccess,
  ) {}

  async execute({ name, principal, options, context, now }: GetWorklist): Promise<WorklistPage> {
    const granted = this.access.requireCapability(principal, 'view-worklists');
    const { items, total, listed } = await this.readModel.worklist(name, {
      userId: principal.userId,
      organisationId: principal.organisationId,
      mine: options.scope === 'mine',
      today: amsterdamToday(now),
      limit: options.pageSize,
      offset: (options.page - 1) * options.pageSize,
      visible: this.access.visibleCases(principal),
      sort: options.sort,
      filters: options.filters,
    });
    await this.access.recordAll(listed.map((subject) => accessLogEntry(principal, granted, subject, 'read', context)));
    return { items, page: options.page, pageSize: options.pageSize, total };
  }
}
