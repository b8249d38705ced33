import type { CaseEvent, Director, Household, OrganisationRef, PlanPart } from '@ketenregie/cases-domain';

// Test data only: invented organisations, people and households.

export const organisation = (organisationId: string, kind: OrganisationRef['kind'] = 'other'): OrganisationRef => ({
  organisationId,
  name: organisationId,
  kind,
});

export const director = (personId: string, organisationId: string, kind: OrganisationRef['kind']): Director => ({
  person: { personId, name: personId },
  organisation: organisation(organisationId, kind),
});

export const household = (municipality: string, familyName = 'Berg'): Household => ({
  address: { houseNumber: '12', postcode: '4201AB', municipality },
  members: [
    { memberId: 'a1', role: 'adult', name: { givenNames: 'Jan', familyName }, dateOfBirth: '1985-03-12' },
    { memberId: 'c1', role: 'child', name: { givenNames: 'Sara', familyName }, dateOfBirth: '2016-05-20' },
  ],
});

export type CaseScenario = {
  caseId: string;
  municipality: string;
  director: Director;
  familyName?: string;
  pendingHandoverTo?: Director;
  partners?: { partnerId: string; organisationId: string; ended?: boolean }[];
  conditions?: { conditionId: string; organisationId: string; personId?: string }[];
  agreements?: { part: PlanPart; agreementId: string; organisationId: string }[];
  closed?: boolean;
};

const at = '2026-03-02T09:00:00.000Z';

/** The events a case with these relations has in its stream, in an order `evolve` accepts. */
export const scenarioEvents = (scenario: CaseScenario): CaseEvent[] => {
  const family = household(scenario.municipality, scenario.familyName);
  const events: CaseEvent[] = [
    {
      type: 'cases.case-opened',
      schemaVersion: 1,
      data: {
        caseId: scenario.caseId,
        familyId: `family-${scenario.caseId}`,
        household: family,
        director: scenario.director,
        openedWith: 'report',
        openedAt: at,
      },
    },
    {
      type: 'cases.report-received',
      schemaVersion: 1,
      data: {
        reportId: `${scenario.caseId}-r1`,
        referrer: { kind: 'professional', name: 'Els', organisation: 'School', role: 'ib', contact: {} },
        sourceCategory: 'education-childcare',
        formsOfViolence: ['child-abuse'],
        concern: 'Zorg.',
        household: family,
        classification: 'first',
        receivedAt: at,
        receivedOn: '2026-03-02',
        assessmentId: `${scenario.caseId}-r1`,
        assessmentDueOn: '2026-03-09',
      },
    },
  ];
  for (const partner of scenario.partners ?? []) {
    events.push({
      type: 'cases.chain-partner-registered',
      schemaVersion: 1,
      data: {
        partnerId: partner.partnerId,
        organisation: organisation(partner.organisationId),
        role: 'aid-provider',
        task: 'Hulp',
        registeredAt: at,
      },
    });
    if (partner.ended) {
      events.push({
        type: 'cases.chain-partner-involvement-ended',
        schemaVersion: 1,
        data: { partnerId: partner.partnerId, reason: 'Klaar', endedAt: at },
      });
    }
  }
  for (const condition of scenario.conditions ?? []) {
    events.push({
      type: 'cases.safety-condition-added',
      schemaVersion: 1,
      data: {
        conditionId: condition.conditionId,
        text: 'Voorwaarde',
        owner: condition.personId
          ? { organisation: organisation(condition.organisationId), person: { personId: condition.personId, name: condition.personId } }
          : { organisation: organisation(condition.organisationId) },
        dueOn: '2026-04-01',
        addedAt: at,
      },
    });
  }
  const parts = new Set((scenario.agreements ?? []).map((agreement) => agreement.part));
  for (const part of parts) {
    events.push({
      type: 'cases.plan-part-updated',
      schemaVersion: 1,
      data: {
        part,
        description: 'Plan',
        agreements: (scenario.agreements ?? [])
          .filter((agreement) => agreement.part === part)
          .map((agreement) => ({
            agreementId: agreement.agreementId,
            text: 'Afspraak',
            owner: { organisation: organisation(agreement.organisationId) },
          })),
        updatedAt: at,
      },
    });
  }
  if (scenario.closed) {
    events.push({
      type: 'cases.case-closed',
      schemaVersion: 1,
      data: { outcome: 'safety-established', notes: '', director: scenario.director, closedAt: at, closedOn: '2026-03-02' },
    });
  }
  if (scenario.pendingHandoverTo) {
    events.push({
      type: 'cases.handover-offered',
      schemaVersion: 1,
      data: {
        handoverId: 'h1',
        kind: 'transfer',
        from: scenario.director,
        to: scenario.pendingHandoverTo,
        reason: 'Overdracht',
        phase: 'stable-safety',
        offeredAt: at,
      },
    });
  }
  return events;
};
