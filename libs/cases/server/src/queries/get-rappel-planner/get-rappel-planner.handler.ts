import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Principal } from '@ketenregie/access-domain';
import type { RappelPlanner } from '@ketenregie/contracts';
import type { CalendarDate } from '@ketenregie/kernel';
import type { AccessContext } from '../../access/case-access.service';
import { CaseAccess, accessLogEntry } from '../../access/case-access.service';
import { amsterdamToday } from '../amsterdam-day';
import { CaseReadModel } from '../case-read-model';

/** At most this many rappels travel in one answer; `total` says how many there are. */
const plannerLimit = 500;

/**
 * The rappel planner over the cases the user sees in full through a relation, filtered in the
 * database like the worklists (403 for a role without worklists). Each family shown is a logged
 * read, once however many of its rappels the span holds.
 */
export class GetRappelPlanner extends Query<RappelPlanner> {
  constructor(
    readonly principal: Principal,
    readonly options: { from: CalendarDate; to: CalendarDate; scope: 'all' | 'mine' },
    readonly context: AccessContext,
    readonly now: Date,
  ) {
    super();
  }
}

@QueryHandler(GetRappelPlanner)
export class GetRappelPlannerHandler implements IQueryHandler<GetRappelPlanner, RappelPlanner> {
  constructor(
    private readonly readModel: CaseReadModel,
    private readonly access: CaseAccess,
  ) {}

  async execute({ principal, options, context, now }: GetRappelPlanner): Promise<RappelPlanner> {
    const granted = this.access.requireCapability(principal, 'view-worklists');
    const { items, total, listed } = await this.readModel.rappelPlanner({
      from: options.from,
      to: options.to,
      today: amsterdamToday(now),
      ownerId: options.scope === 'mine' ? principal.userId : null,
      limit: plannerLimit,
      visible: this.access.visibleCases(principal),
    });
    await this.access.recordAll(listed.map((subject) => accessLogEntry(principal, granted, subject, 'read', context)));
    return { from: options.from, to: options.to, items, total };
  }
}
