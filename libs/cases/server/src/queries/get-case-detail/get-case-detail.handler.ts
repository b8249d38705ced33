import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Principal } from '@ketenregie/access-domain';
import type { CaseDetail } from '@ketenregie/contracts';
import { ERASED_TEXT } from '@ketenregie/access-contracts';
import type { AccessContext } from '../../access/case-access.service';
import { CaseAccess } from '../../access/case-access.service';
import { amsterdamToday } from '../amsterdam-day';
import { caseRecordOfRow, caseSummaries } from '../../projections/case-summaries';
import type { CaseSummaryRow } from '../../projections/case-summaries';
import { caseDetail } from '../case-detail';
import { CaseReadModel } from '../case-read-model';
import { ReadYourWrites } from '../read-side';
import { readCaseInFull } from '../read-case-in-full';
import { caseActions } from './case-actions';
import { CaseFeedbackReadModel } from '../../case-feedback/case-feedback.read-model';

/**
 * The case as the read model has it now, for a user with the whole case; 404 (as for an unknown
 * case) without a relation, 403 for a partner. The read is in the access log before it is returned.
 * A 404 is answered only once the read model has caught up with the case's own events.
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

// The whole row, in one read: what the answer shows, what the access decision is taken on, and the
// state the actions are decided on (the register's columns hold all the fold continues from).
const detailColumns = Object.keys(caseSummaries.columns) as (keyof CaseSummaryRow & string)[];

@QueryHandler(GetCaseDetail)
export class GetCaseDetailHandler implements IQueryHandler<GetCaseDetail, CaseDetail> {
  constructor(
    private readonly readModel: CaseReadModel,
    private readonly access: CaseAccess,
    private readonly readYourWrites: ReadYourWrites,
    private readonly feedback: CaseFeedbackReadModel,
  ) {}

  async execute({ caseId, principal, context, now }: GetCaseDetail): Promise<CaseDetail> {
    const { row, decision } = await readCaseInFull(
      { readModel: this.readModel, access: this.access, readYourWrites: this.readYourWrites },
      { caseId, principal, context, now },
      detailColumns,
    );
    const actions = caseActions(caseRecordOfRow(row).state, principal, decision, now, { familyErased: row.family_label === ERASED_TEXT });
    // Only a grant that opened the case is reported: a relation of one's own needs no banner.
    const emergency =
      decision.scope === 'full' && decision.relation === 'emergency'
        ? { grantId: decision.emergency.grantId, expiresAt: decision.emergency.expiresAt.toISOString() }
        : undefined;
    // Only with the whole case (the read above refused anyone else): what each referrer was told.
    const feedback = decision.scope === 'full' ? await this.feedback.reportFeedback(caseId, now, this.access.directory) : [];
    return { ...caseDetail(row, amsterdamToday(now), undefined, actions, emergency), feedback };
  }
}
