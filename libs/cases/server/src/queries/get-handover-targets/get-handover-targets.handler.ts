import { Inject } from '@nestjs/common';
import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { OrganisationDirectory, Principal } from '@ketenregie/access-domain';
import { ORGANISATION_DIRECTORY } from '@ketenregie/access-contracts';
import type { HandoverTargets } from '@ketenregie/contracts';
import type { AccessContext } from '../../access/case-access.service';
import { CaseAccess } from '../../access/case-access.service';
import { caseRecordOfRow, caseSummaries } from '../../projections/case-summaries';
import type { CaseSummaryRow } from '../../projections/case-summaries';
import { CaseReadModel } from '../case-read-model';
import { ReadYourWrites } from '../read-side';
import { readCaseInFull } from '../read-case-in-full';
import { handoverTargets } from './handover-targets';

/**
 * Where the user may offer this case to, for a user with the whole case: 404 (as for an unknown
 * case) without a relation, 403 for a partner. It tells that the case exists and where its family
 * lives, so the read is in the access log like the case itself.
 */
export class GetHandoverTargets extends Query<HandoverTargets> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly context: AccessContext,
    readonly now: Date,
  ) {
    super();
  }
}

// The whole row: the state the offer is decided on is folded from the register's columns.
const columns = Object.keys(caseSummaries.columns) as (keyof CaseSummaryRow & string)[];

@QueryHandler(GetHandoverTargets)
export class GetHandoverTargetsHandler implements IQueryHandler<GetHandoverTargets, HandoverTargets> {
  constructor(
    @Inject(ORGANISATION_DIRECTORY) private readonly directory: OrganisationDirectory,
    private readonly readModel: CaseReadModel,
    private readonly access: CaseAccess,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ caseId, principal, context, now }: GetHandoverTargets): Promise<HandoverTargets> {
    const { row, decision } = await readCaseInFull(
      { readModel: this.readModel, access: this.access, readYourWrites: this.readYourWrites },
      { caseId, principal, context, now },
      columns,
    );
    return { caseId, targets: handoverTargets(caseRecordOfRow(row).state, principal, decision, this.directory, now) };
  }
}
