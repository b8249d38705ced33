import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Principal } from '@ketenregie/access-domain';
import type { CaseDetail } from '@ketenregie/contracts';
import type { AccessContext } from '../../access/case-access.service';
import { CaseAccess, accessLogEntry, caseNotFoundProblem } from '../../access/case-access.service';
import { caseRelationsOfRecord } from '../../access/case-relations';
import { amsterdamToday } from '../amsterdam-day';
import { caseDetail } from '../case-detail';
import { CaseReadModel } from '../case-read-model';

/**
 * The case as the read model has it now, for a user with the whole case; 404 (as for an unknown
 * case) without a relation, 403 for a partner. The read is in the access log before it is returned.
 */
export class GetCaseDetail extends Query<CaseDetail> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly context: AccessContext,
    readonly now: Date,
  ) {
    super();
  }
}

@QueryHandler(GetCaseDetail)
export class GetCaseDetailHandler implements IQueryHandler<GetCaseDetail, CaseDetail> {
  constructor(
    private readonly readModel: CaseReadModel,
    private readonly access: CaseAccess,
  ) {}

  async execute({ caseId, principal, context, now }: GetCaseDetail): Promise<CaseDetail> {
    const record = await this.readModel.caseRecord(caseId);
    if (!record) throw caseNotFoundProblem();
    const granted = this.access.requireFull(await this.access.decide(principal, caseRelationsOfRecord(record), now));
    await this.access.record(accessLogEntry(principal, granted, { caseId, familyId: record.state.familyId }, 'read', context));
    return caseDetail(record, amsterdamToday(now));
  }
}
