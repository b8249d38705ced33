import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { CaseTimelinePage, TimelineKind } from '@ketenregie/contracts';
import { CaseReadModel } from '../case-read-model';

/** One page of a case's history, newest first; `undefined` for an unknown case. */
export class GetCaseTimeline extends Query<CaseTimelinePage | undefined> {
  constructor(
    readonly caseId: string,
    readonly options: { kind?: TimelineKind; page: number; pageSize: number },
  ) {
    super();
  }
}

@QueryHandler(GetCaseTimeline)
export class GetCaseTimelineHandler implements IQueryHandler<GetCaseTimeline, CaseTimelinePage | undefined> {
  constructor(private readonly readModel: CaseReadModel) {}

  async execute({ caseId, options }: GetCaseTimeline): Promise<CaseTimelinePage | undefined> {
    const { items, total } = await this.readModel.timeline(caseId, {
      ...(options.kind ? { kind: options.kind } : {}),
      limit: options.pageSize,
      offset: (options.page - 1) * options.pageSize,
    });
    // An empty page of a known case (a filter without hits, a page past the end) is still a page.
    if (total === 0 && !(await this.readModel.caseExists(caseId))) return undefined;
    return { items, page: options.page, pageSize: options.pageSize, total };
  }
}
