import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import { ownTaskListOrganisation, ownTasksOf } from '@ketenregie/access-domain';
import type { Principal } from '@ketenregie/access-domain';
import type { MyTaskCase, MyTasksPage } from '@ketenregie/contracts';
import type { AccessContext } from '../../access/case-access.service';
import { CaseAccess, accessLogEntry } from '../../access/case-access.service';
import { ownTaskCaseFilter } from '../../access/case-visibility';
import { caseRelationsOfRow } from '../../projections/case-summaries';
import type { TaskCaseRow } from '../case-read-model';
import { CaseReadModel } from '../case-read-model';
import { caseSignalView } from '../case-detail';

/**
 * A partner's (or a local team's) own tasks across cases: its safety conditions, plan agreements
 * and active registrations, and of each case only what identifies the family and its director.
 * This is a partner's whole view of a case; the case endpoints answer it 403.
 */
export class GetMyTasks extends Query<MyTasksPage> {
  constructor(
    readonly principal: Principal,
    readonly options: { page: number; pageSize: number },
    readonly context: AccessContext,
  ) {
    super();
  }
}

const tasksView = (row: TaskCaseRow, organisationId: string): MyTaskCase => {
  const own = ownTasksOf(organisationId, caseRelationsOfRow(row));
  const conditionIds = new Set(own?.safetyConditionIds ?? []);
  const agreementIds = new Set((own?.planAgreements ?? []).map(({ part, agreementId }) => `${part}/${agreementId}`));
  const partnerIds = new Set(own?.chainPartnerIds ?? []);
  return {
    caseId: row.case_id,
    version: row.version,
    familyLabel: row.family_label,
    municipality: row.municipality,
    status: row.status,
    director: row.director,
    safetyConditions: row.plan.safetyConditions
      .filter((condition) => conditionIds.has(condition.conditionId))
      .map(({ conditionId, text, owner, dueOn, status }) => ({ conditionId, text, owner, dueOn, status })),
    planAgreements: (['safety', 'aid', 'recovery'] as const).flatMap((part) =>
      row.plan.parts[part].agreements
        .filter((agreement) => agreementIds.has(`${part}/${agreement.agreementId}`))
        .map(({ agreementId, text, owner, dueOn }) => ({ part, agreementId, text, owner, ...(dueOn ? { dueOn } : {}) })),
    ),
    chainPartnerRegistrations: row.chain_partners
      .filter((partner) => partnerIds.has(partner.partnerId))
      .map(({ partnerId, role }) => ({ partnerId, role })),
    // Only what its own organisation raised: other partners' and referrers' signals are not its business.
    signals: row.signals
      .filter((signal) => signal.source.kind === 'chain-partner' && signal.source.organisation.organisationId === organisationId)
      .map(caseSignalView),
  };
};

@QueryHandler(GetMyTasks)
export class GetMyTasksHandler implements IQueryHandler<GetMyTasks, MyTasksPage> {
  constructor(
    private readonly readModel: CaseReadModel,
    private readonly access: CaseAccess,
  ) {}

  async execute({ principal, options, context }: GetMyTasks): Promise<MyTasksPage> {
    const granted = this.access.requireCapability(principal, 'view-own-tasks');
    const organisationId = ownTaskListOrganisation(principal, this.access.directory);
    const { items, total } = await this.readModel.taskCases(ownTaskCaseFilter(principal, this.access.directory), {
      limit: options.pageSize,
      offset: (options.page - 1) * options.pageSize,
    });
    await this.access.recordAll(
      items.map((row) => accessLogEntry(principal, granted, { caseId: row.case_id, familyId: row.family_id }, 'read', context)),
    );
    return { items: items.map((row) => tasksView(row, organisationId ?? '')), page: options.page, pageSize: options.pageSize, total };
  }
}
