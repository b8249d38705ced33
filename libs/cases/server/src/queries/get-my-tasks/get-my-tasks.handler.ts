import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import { ownTaskListOrganisation, ownTasksOf } from '@ketenregie/access-domain';
import type { Principal } from '@ketenregie/access-domain';
import type { MyTaskCase, MyTasksPage } from '@ketenregie/contracts';
import type { AccessContext } from '../../access/case-access.service';
import { CaseAccess, accessLogEntry } from '../../access/case-access.service';
import { caseRelationsOfRecord } from '../../access/case-relations';
import { ownTaskCaseFilter } from '../../access/case-visibility';
import type { CaseRecord } from '../../projections/case-record';
import { familyLabel } from '../../projections/case-record';
import { CaseReadModel } from '../case-read-model';

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

const tasksView = (record: CaseRecord, organisationId: string): MyTaskCase => {
  const { state } = record;
  const own = ownTasksOf(organisationId, caseRelationsOfRecord(record));
  const conditionIds = new Set(own?.safetyConditionIds ?? []);
  const agreementIds = new Set((own?.planAgreements ?? []).map(({ part, agreementId }) => `${part}/${agreementId}`));
  const partnerIds = new Set(own?.chainPartnerIds ?? []);
  return {
    caseId: state.caseId,
    version: record.version,
    familyLabel: familyLabel(state.household),
    municipality: state.household.address.municipality,
    status: state.status,
    director: state.director,
    safetyConditions: state.plan.safetyConditions
      .filter((condition) => conditionIds.has(condition.conditionId))
      .map(({ conditionId, text, owner, dueOn, status }) => ({ conditionId, text, owner, dueOn, status })),
    planAgreements: (['safety', 'aid', 'recovery'] as const).flatMap((part) =>
      state.plan.parts[part].agreements
        .filter((agreement) => agreementIds.has(`${part}/${agreement.agreementId}`))
        .map(({ agreementId, text, owner, dueOn }) => ({ part, agreementId, text, owner, ...(dueOn ? { dueOn } : {}) })),
    ),
    chainPartnerRegistrations: state.chainPartners
      .filter((partner) => partnerIds.has(partner.partnerId))
      .map(({ partnerId, role }) => ({ partnerId, role })),
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
    const { items, total } = await this.readModel.caseRecords(ownTaskCaseFilter(principal, this.access.directory), {
      limit: options.pageSize,
      offset: (options.page - 1) * options.pageSize,
    });
    await this.access.recordAll(
      items.map((record) => accessLogEntry(principal, granted, { caseId: record.state.caseId, familyId: record.state.familyId }, 'read', context)),
    );
    return { items: items.map((record) => tasksView(record, organisationId ?? '')), page: options.page, pageSize: options.pageSize, total };
  }
}
