import fc from 'fast-check';
import { roles } from '@ketenregie/kernel';
import type { Principal, Role } from '@ketenregie/kernel';
import { decideCaseAccess } from './case-access';
import { fullAccessListCriteria, matchesFullAccessCriteria, matchesOwnTaskList, ownTaskListOrganisation } from './case-list-criteria';
import type { CaseRelations, PlanTask } from './case-relations';
import { caseCommandAccess, decideCaseCommandAccess } from './command-access';
import type { EmergencyGrant } from './emergency-grant';
import { isGrantActiveFor } from './emergency-grant';
import { municipalityKey, veiligThuisRegionFor } from './organisation-directory';
import { directory } from './testing/access-fixtures';

// Small pools, so generated users, organisations and cases collide often enough to hit every relation.
const organisationIds = [...directory.organisations.keys(), 'unknown-org'];
const userIds = ['u1', 'u2', 'u3', 'vt-anna', 'ts-carla'];
const caseIds = ['case-1', 'case-2'];
const municipalities = ['Gorinchem', ' molenlanden', 'UTRECHT', 'Atlantis'];
const base = new Date('2026-03-10T12:00:00Z').getTime();
const hour = 3_600_000;

const organisationId = fc.constantFrom(...organisationIds);
const userId = fc.constantFrom(...userIds);
const person = fc.record({ personId: userId, organisationId });
const instant = fc.integer({ min: -48, max: 48 }).map((hours) => new Date(base + hours * hour));

const principalOf = (roleSet: fc.Arbitrary<Role[]>): fc.Arbitrary<Principal> =>
  fc.record({
    userId,
    displayName: fc.constant('x'),
    organisationId,
    roles: roleSet,
    authenticatedBy: fc.constant('local' as const),
  });

const anyPrincipal = principalOf(fc.subarray([...roles]));

const task: fc.Arbitrary<PlanTask> = fc.oneof(
  fc.record({
    kind: fc.constant('safety-condition' as const),
    conditionId: fc.constantFrom('sc-1', 'sc-2', 'sc-3'),
    owner: fc.record({ organisationId, personId: userId }, { requiredKeys: ['organisationId'] }),
  }),
  fc.record({
    kind: fc.constant('plan-agreement' as const),
    part: fc.constantFrom('safety', 'aid', 'recovery'),
    agreementId: fc.constantFrom('ag-1', 'ag-2'),
    owner: fc.record({ organisationId, personId: userId }, { requiredKeys: ['organisationId'] }),
  }),
);

const relationsArbitrary: fc.Arbitrary<CaseRelations> = fc.record({
  caseId: fc.constantFrom(...caseIds),
  municipality: fc.constantFrom(...municipalities),
  closed: fc.boolean(),
  director: person,
  pendingHandoverTo: fc.option(person, { nil: null }),
  chainPartners: fc.array(fc.record({ partnerId: fc.constantFrom('p1', 'p2', 'p3'), organisationId, active: fc.boolean() }), {
    maxLength: 3,
  }),
  tasks: fc.array(task, { maxLength: 4 }),
  referrers: fc.array(
    fc.record({ reportId: fc.constantFrom('r1', 'r2'), personId: userId, organisationId }, { requiredKeys: ['reportId'] }),
    {
      maxLength: 3,
    },
  ),
});

const grantArbitrary: fc.Arbitrary<EmergencyGrant> = fc
  .record({
    userId,
    organisationId,
    caseId: fc.constantFrom(...caseIds),
    startHours: fc.integer({ min: -48, max: 48 }),
    durationHours: fc.integer({ min: 1, max: 24 }),
  })
  .map(({ startHours, durationHours, ...rest }) => ({
    grantId: 'g',
    reason: 'Crisisdienst buiten kantooruren, kind in gevaar',
    grantedAt: new Date(base + startHours * hour),
    expiresAt: new Date(base + (startHours + durationHours) * hour),
    ...rest,
  }));

/** A grant that is often, but not always, the principal's own: otherwise the emergency path is rarely reached. */
const principalWithGrant: fc.Arbitrary<[Principal, EmergencyGrant]> = fc
  .tuple(anyPrincipal, grantArbitrary, fc.boolean(), fc.boolean())
  .map(([who, grant, sameUser, sameOrganisation]) => [
    who,
    { ...grant, ...(sameUser ? { userId: who.userId } : {}), ...(sameOrganisation ? { organisationId: who.organisationId } : {}) },
  ]);

const runs = { numRuns: 2_000 };

describe('case access properties', () => {
  it('never opens case content to a policy analyst, privacy officer or administrator, whatever the relations or grants', () => {
    const nonCaseRoles = principalOf(fc.subarray<Role>(['policy-analyst', 'privacy-officer', 'administrator']));
    fc.assert(
      fc.property(
        nonCaseRoles,
        relationsArbitrary,
        fc.option(grantArbitrary, { nil: undefined }),
        instant,
        (who, relations, grant, now) => {
          expect(decideCaseAccess(who, relations, directory, grant, now)).toEqual({ scope: 'none' });
        },
      ),
      runs,
    );
  });

  it('grants access beyond the relations only through an unexpired grant of this user, organisation and case', () => {
    fc.assert(
      fc.property(principalWithGrant, relationsArbitrary, instant, ([who, grant], relations, now) => {
        const without = decideCaseAccess(who, relations, directory, undefined, now);
        const withGrant = decideCaseAccess(who, relations, directory, grant, now);
        expect(without.scope === 'full' && without.relation === 'emergency').toBe(false);
        if (withGrant.scope === 'full' && withGrant.relation === 'emergency') {
          expect(without.scope).not.toBe('full');
          expect(isGrantActiveFor(grant, { userId: who.userId, organisationId: who.organisationId, caseId: relations.caseId }, now)).toBe(
            true,
          );
          expect(grant.expiresAt.getTime()).toBeGreaterThan(now.getTime());
          expect(who.roles).toContain('veilig-thuis-professional');
        } else {
          expect(withGrant).toEqual(without);
        }
      }),
      runs,
    );
  });

  it('gives a user that no relation names nothing without a grant', () => {
    const stranger = fc.tuple(anyPrincipal, relationsArbitrary).filter(([who, relations]) => {
      const named = [
        relations.director.organisationId,
        relations.pendingHandoverTo?.organisationId,
        ...relations.chainPartners.map((partner) => partner.organisationId),
        ...relations.tasks.map((planTask) => planTask.owner.organisationId),
        ...relations.referrers.map((referrer) => referrer.organisationId),
        veiligThuisRegionFor(directory, relations.municipality)?.organisationId,
      ];
      return !named.includes(who.organisationId) && !relations.referrers.some((referrer) => referrer.personId === who.userId);
    });
    fc.assert(
      fc.property(stranger, instant, ([who, relations], now) => {
        expect(decideCaseAccess(who, relations, directory, undefined, now)).toEqual({ scope: 'none' });
      }),
      runs,
    );
  });

  it('filters lists exactly as it decides one case: the SQL criteria match when, and only when, the decision is the whole case', () => {
    fc.assert(
      fc.property(anyPrincipal, relationsArbitrary, instant, (who, relations, now) => {
        const decision = decideCaseAccess(who, relations, directory, undefined, now);
        expect(matchesFullAccessCriteria(fullAccessListCriteria(who, directory), relations)).toBe(decision.scope === 'full');
      }),
      runs,
    );
  });

  it('shows a partner only tasks its own organisation owns, and lists the case for it', () => {
    fc.assert(
      fc.property(anyPrincipal, relationsArbitrary, instant, (who, relations, now) => {
        const decision = decideCaseAccess(who, relations, directory, undefined, now);
        if (decision.scope !== 'own-tasks') return;
        const owned = relations.tasks.filter((planTask) => planTask.owner.organisationId === who.organisationId);
        for (const id of decision.tasks.safetyConditionIds) {
          expect(owned.some((planTask) => planTask.kind === 'safety-condition' && planTask.conditionId === id)).toBe(true);
        }
        for (const agreement of decision.tasks.planAgreements) {
          expect(owned.some((planTask) => planTask.kind === 'plan-agreement' && planTask.agreementId === agreement.agreementId)).toBe(true);
        }
        expect(relations.closed).toBe(false);
        expect(matchesOwnTaskList(ownTaskListOrganisation(who, directory), relations)).toBe(true);
      }),
      runs,
    );
  });

  it('never lets a user without a relation learn by a command that a case exists', () => {
    fc.assert(
      fc.property(
        anyPrincipal,
        relationsArbitrary,
        fc.constantFrom(...Object.keys(caseCommandAccess)),
        instant,
        (who, relations, command, now) => {
          const decision = decideCaseAccess(who, relations, directory, undefined, now);
          const verdict = decideCaseCommandAccess(command, decision, { conditionId: 'sc-1' });
          if (decision.scope === 'none') expect(verdict).toEqual({ allowed: false, refusal: 'not-found' });
          if (verdict.allowed && decision.scope !== 'full') expect(command).toBe('cases.record-safety-condition-status');
        },
      ),
      runs,
    );
  });

  it("names a region relation only for the municipality's own region", () => {
    fc.assert(
      fc.property(anyPrincipal, relationsArbitrary, instant, (who, relations, now) => {
        const decision = decideCaseAccess(who, relations, directory, undefined, now);
        if (decision.scope !== 'full' || decision.relation !== 'veilig-thuis-region') return;
        const region = directory.organisations.get(who.organisationId);
        expect(region?.kind).toBe('veilig-thuis');
        expect(region?.municipalities.map(municipalityKey)).toContain(municipalityKey(relations.municipality));
      }),
      runs,
    );
  });
});
