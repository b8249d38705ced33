import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { WorklistName, WorklistPage } from '@ketenregie/contracts';
import { amsterdamToday } from '../amsterdam-day';
import { CaseReadModel } from '../case-read-model';

export class GetWorklist extends Query<WorklistPage> {
  constructor(
    readonly name: WorklistName,
    readonly userId: string,
    readonly options: { page: number; pageSize: number; scope: 'all' | 'mine' },
    readonly now: Date,
  ) {
    super();
  }
}

@QueryHandler(GetWorklist)
export class GetWorklistHandler implements IQueryHandler<GetWorklist, WorklistPage> {
  constructor(private readonly readModel: CaseReadModel) {}

  async execute({ name, userId, options, now }: GetWorklist): Promise<WorklistPage> {
    const { items, total } = await this.readModel.worklist(name, {
      userId,
      mine: options.scope === 'mine',
      today: amsterdamToday(now),
      limit: options.pageSize,
      offset: (options.page - 1) * options.pageSize,
    });
    return { items, page: options.page, pageSize: options.pageSize, total };
  }
}
