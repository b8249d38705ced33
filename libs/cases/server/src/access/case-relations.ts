import { municipalityKey } from '@ketenregie/access-domain';
import type { CaseRelations, PlanTask, ReportReferrer } from '@ketenregie/access-domain';
import type { OpenedCase, PlanPart } from '@ketenregie/cases-domain';

const planParts: readonly PlanPart[] = ['safety', 'aid', 'recovery'];

/** The parts of a case its relations are read from: the state, or the register's columns of them. */
export type CaseRelationsSource = Pick<
  OpenedCase,
  'caseId' | 'status' | 'household' | 'director' | 'pendingHandover' | 'chainPartners' | 'plan' | 'reports'
>;

/**
 * The access policy's view of a case: who directs it, who is offered it, where the family lives,
 * which organisations have a task in the plan. Ids only, nothing about the family.
 *
 * `referrers` links reports to the accounts that made them: a directory professional's account as
 * the case records it with the report, and any the caller passes; links to reports that are not on
 * this case are dropped.
 */
export const caseRelationsOf = (state: CaseRelationsSource, referrers: readonly ReportReferrer[] = []): CaseRelations => {
  const tasks: PlanTask[] = state.plan.safetyConditions.map((condition) => ({
    kind: 'safety-condition',
    conditionId: condition.conditionId,
    owner: ownerOf(condition.owner),
  }));
  for (const part of planParts) {
    for (const agreement of state.plan.parts[part].agreements) {
      tasks.push({ kind: 'plan-agreement', part, agreementId: agreement.agreementId, owner: ownerOf(agreement.owner) });
    }
  }
  const reportIds = new Set(state.reports.map((report) => report.reportId));
  return {
    caseId: state.caseId,
    municipality: state.household.address.municipality,
    closed: state.status === 'closed',
    director: { personId: state.director.person.personId, organisationId: state.director.organisation.organisationId },
    pendingHandoverTo: state.pendingHandover
      ? {
          organisationId: state.pendingHandover.to.organisation.organisationId,
          ...(state.pendingHandover.to.person ? { personId: state.pendingHandover.to.person.personId } : {}),
        }
      : null,
    chainPartners: state.chainPartners.map((partner) => ({
      partnerId: partner.partnerId,
      organisationId: partner.organisation.organisationId,
      active: partner.active,
    })),
    tasks,
    referrers: [
      // A directory professional's account is recorded with their report; others may be passed in.
      ...state.reports.flatMap((report) => (report.referrerAccount ? [{ reportId: report.reportId, ...report.referrerAccount }] : [])),
      ...referrers.filter((referrer) => reportIds.has(referrer.reportId)),
    ],
  };
};

const ownerOf = (owner: OpenedCase['plan']['safetyConditions'][number]['owner']): PlanTask['owner'] =>
  owner.person
    ? { organisationId: owner.organisation.organisationId, personId: owner.person.personId }
    : { organisationId: owner.organisation.organisationId };

/** From a folded record (the as-of replay's, or the case register's). */
export const caseRelationsOfRecord = (record: { state: CaseRelationsSource }, referrers: readonly ReportReferrer[] = []): CaseRelations =>
  caseRelationsOf(record.state, referrers);

/**
 * The case register's columns the visibility filters compare, each indexed (see `case-visibility.ts`):
 * the municipality as the policy compares it, the receiving organisation of a pending hand-over,
 * and every organisation with a task.
 */
export type CaseAccessColumns = {
  municipality_key: string;
  pending_handover_to_organisation_id: string | null;
  task_organisation_ids: string[];
};

export const caseAccessColumns = (state: CaseRelationsSource): CaseAccessColumns => {
  const relations = caseRelationsOf(state);
  const organisations = new Set([
    ...relations.chainPartners.filter((partner) => partner.active).map((partner) => partner.organisationId),
    ...relations.tasks.map((task) => task.owner.organisationId),
  ]);
  return {
    municipality_key: municipalityKey(relations.municipality),
    pending_handover_to_organisation_id: relations.pendingHandoverTo?.organisationId ?? null,
    task_organisation_ids: [...organisations].sort(),
  };
};
