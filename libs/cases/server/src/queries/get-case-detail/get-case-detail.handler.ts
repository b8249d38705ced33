import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { CaseDetail } from '@ketenregie/contracts';
import { amsterdamToday } from '../amsterdam-day';
import { caseDetail } from '../case-detail';
import { CaseReadModel } from '../case-read-model';

/** The case as the read model has it now; `undefined` for a case the read model does not know. */
export class GetCaseDetail extends Query<CaseDetail | undefined> {
  constructor(
    readonly caseId: string,
    readonly now: Date,
  ) {
    super();
  }
}

@QueryHandler(GetCaseDetail)
export class GetCaseDetailHandler implements IQueryHandler<GetCaseDetail, CaseDetail | undefined> {
  constructor(private readonly readModel: CaseReadModel) {}

  async execute({ caseId, now }: GetCaseDetail): Promise<CaseDetail | undefined> {
    const record = await this.readModel.caseRecord(caseId);
    return record ? caseDetail(record, amsterdamToday(now)) : undefined;
  }
}
