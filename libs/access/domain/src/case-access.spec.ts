import type { Principal } from '@ketenregie/kernel';
import type { CaseAccessDecision } from './case-access';
import { decideCaseAccess, hasFullRelation } from './case-access';
import type { CaseRelations } from './case-relations';
import type { EmergencyGrant } from './emergency-grant';
import {
  administrator,
  analyst,
  directory,
  grant,
  now,
  partnerGgz,
  partnerJeugdzorg,
  principal,
  privacyOfficer,
  referrerEls,
  referrerPolice,
  relations,
  tsCarla,
  tsCees,
  tsDaan,
  vtAnna,
  vtBram,
  vtUtrecht,
} from './testing/access-fixtures';

/** given(case relations, an active grant?) / when(a user asks, at a moment) / then(the decision). */
const given = (caseRelations: CaseRelations, activeGrant?: EmergencyGrant) => ({
  when: (who: Principal, at: Date = now) => {
    const decision = decideCaseAccess(who, caseRelations, directory, activeGrant, at);
    return {
      then: (expected: Partial<CaseAccessDecision> & Record<string, unknown>): CaseAccessDecision => {
        expect(decision).toMatchObject(expected);
        return decision;
      },
      thenNone: (): void => {
        expect(decision).toEqual({ scope: 'none' });
      },
    };
  },
});

describe('case access: the director and their team', () => {
  it("gives the director the whole case, under the local team's legal ground", () => {
    given(relations())
      .when(tsCarla)
      .then({ scope: 'full', relation: 'director', actingRole: 'team-sociaal-consultant', legalBasis: 'wmo-2015' });
  });

  it("gives a colleague in the director's team the whole case", () => {
    given(relations()).when(tsCees).then({ scope: 'full', relation: 'director-team', actingRole: 'team-sociaal-consultant' });
  });

  it('gives a Veilig Thuis director the whole case under Wmo 2015 art. 4.1.1', () => {
    given(relations({ director: { personId: 'vt-anna', organisationId: 'vt-zhz' } }))
      .when(vtAnna)
      .then({ scope: 'full', relation: 'director', actingRole: 'veilig-thuis-professional', legalBasis: 'wmo-2015-4.1.1' });
  });

  it('does not follow the director to another organisation: same user id, other organisation, no access', () => {
    given(relations())
      .when(principal('ts-carla', 'ts-molenlanden', 'team-sociaal-consultant'))
      .thenNone();
  });

  it('does not count the director relation for a role that does not direct cases', () => {
    given(relations())
      .when(principal('ts-carla', 'ts-gorinchem', 'policy-analyst'))
      .thenNone();
  });

  it('does not count a role held at an organisation of the wrong kind', () => {
    // A Veilig Thuis role on an account of the local team is a set-up error, not a licence.
    given(relations())
      .when(principal('ts-cees', 'ts-gorinchem', 'veilig-thuis-professional'))
      .thenNone();
  });

  it('gives nothing to a user of an organisation the directory does not know', () => {
    given(relations({ director: { personId: 'x', organisationId: 'unknown-team' } }))
      .when(principal('x', 'unknown-team', 'team-sociaal-consultant'))
      .thenNone();
  });

  it('gives another local team nothing', () => {
    given(relations()).when(tsDaan).thenNone();
  });
});

describe('case access: a pending hand-over', () => {
  const offered = relations({
    director: { personId: 'vt-anna', organisationId: 'vt-zhz' },
    pendingHandoverTo: { personId: 'ts-daan', organisationId: 'ts-molenlanden' },
    municipality: 'Molenlanden',
  });

  it('gives the receiver the whole case so they can decide to accept', () => {
    given(offered).when(tsDaan).then({ scope: 'full', relation: 'handover-receiver', actingRole: 'team-sociaal-consultant' });
  });

  it('gives the receiving team the case too, so a team lead can assign the offer', () => {
    given(offered)
      .when(principal('ts-mila', 'ts-molenlanden', 'team-sociaal-consultant'))
      .then({ scope: 'full', relation: 'handover-receiver' });
  });

  it('keeps the offering director accountable and informed until the offer is accepted', () => {
    given(offered).when(vtAnna).then({ scope: 'full', relation: 'director' });
  });

  it("ends the receiver's access when the offer is gone", () => {
    given({ ...offered, pendingHandoverTo: null })
      .when(tsDaan)
      .thenNone();
  });
});

describe("case access: the Veilig Thuis region of the family's municipality", () => {
  it('gives every professional of the region the whole case, whoever directs it', () => {
    given(relations()).when(vtBram).then({ scope: 'full', relation: 'veilig-thuis-region', legalBasis: 'wmo-2015-4.1.1' });
  });

  it('finds the region however the municipality was typed', () => {
    given(relations({ municipality: '  GORINCHEM ' }))
      .when(vtBram)
      .then({ scope: 'full', relation: 'veilig-thuis-region' });
  });

  it('gives another region nothing', () => {
    given(relations()).when(vtUtrecht).thenNone();
  });

  it('gives nothing for a municipality no region serves', () => {
    given(relations({ municipality: 'Atlantis' }))
      .when(vtBram)
      .thenNone();
  });

  it('does not open the region to the local team of that municipality', () => {
    given(relations({ director: { personId: 'vt-anna', organisationId: 'vt-zhz' }, tasks: [] }))
      .when(tsCarla)
      .thenNone();
  });

  it('names the more specific relation when several hold', () => {
    given(relations({ director: { personId: 'vt-bram', organisationId: 'vt-zhz' } }))
      .when(vtBram)
      .then({ relation: 'director' });
    given(relations({ director: { personId: 'vt-anna', organisationId: 'vt-zhz' } }))
      .when(vtBram)
      .then({ relation: 'director-team' });
  });
});

describe('case access: a partner with a task in the plan', () => {
  it('gives a partner only its own tasks, under its own legal ground', () => {
    given(relations())
      .when(partnerJeugdzorg)
      .then({
        scope: 'own-tasks',
        relation: 'partner-task',
        actingRole: 'chain-partner',
        legalBasis: 'jeugdwet',
        tasks: { safetyConditionIds: ['sc-1'], planAgreements: [], chainPartnerIds: ['p-jz'] },
      });
  });

  it('counts a plan agreement as a task', () => {
    given(relations())
      .when(partnerGgz)
      .then({
        scope: 'own-tasks',
        tasks: { safetyConditionIds: [], planAgreements: [{ part: 'aid', agreementId: 'ag-1' }], chainPartnerIds: ['p-ggz'] },
      });
  });

  it('counts an active registration as a partner without a condition yet', () => {
    given(relations({ tasks: [] }))
      .when(partnerGgz)
      .then({ scope: 'own-tasks', tasks: { safetyConditionIds: [], planAgreements: [], chainPartnerIds: ['p-ggz'] } });
  });

  it('gives nothing once the involvement ended and no task is left', () => {
    given(relations({ tasks: [], chainPartners: [{ partnerId: 'p-ggz', organisationId: 'ggz', active: false }] }))
      .when(partnerGgz)
      .thenNone();
  });

  it('gives a partner nothing on a closed case', () => {
    given(relations({ closed: true }))
      .when(partnerJeugdzorg)
      .thenNone();
  });

  it('gives a local team its own tasks in a case Veilig Thuis directs', () => {
    given(relations({ director: { personId: 'vt-anna', organisationId: 'vt-zhz' }, chainPartners: [] }))
      .when(tsCarla)
      .then({
        scope: 'own-tasks',
        relation: 'partner-task',
        actingRole: 'team-sociaal-consultant',
        tasks: { safetyConditionIds: ['sc-2'], planAgreements: [], chainPartnerIds: [] },
      });
  });

  it('gives a partner without a task nothing', () => {
    given(relations())
      .when(principal('rc', 'politie', 'chain-partner'))
      .thenNone();
  });
});

describe('case access: a referrer', () => {
  it('gives a referrer only the feedback on their own report', () => {
    given(relations())
      .when(referrerEls)
      .then({ scope: 'own-report-feedback', relation: 'referrer', reportIds: ['r1'], legalBasis: 'wmo-2015-4.1.1' });
  });

  it('links a report without a named person to its organisation', () => {
    given(relations())
      .when(referrerPolice)
      .then({ scope: 'own-report-feedback', reportIds: ['r2'] });
  });

  it("does not give a colleague at the school the teacher's report", () => {
    given(relations())
      .when(principal('els-colleague', 'school', 'referrer'))
      .thenNone();
  });

  it('keeps the feedback available after the case is closed', () => {
    given(relations({ closed: true }))
      .when(referrerEls)
      .then({ scope: 'own-report-feedback' });
  });

  it("gives a referrer nothing for someone else's case", () => {
    given(relations({ referrers: [] }))
      .when(referrerEls)
      .thenNone();
  });
});

describe('case access: roles that never see a family', () => {
  it.each([
    ['policy analyst', analyst],
    ['privacy officer', privacyOfficer],
    ['administrator', administrator],
  ])('gives the %s nothing, even when named as director', (_name, who) => {
    given(relations({ director: { personId: who.userId, organisationId: who.organisationId } }))
      .when(who)
      .thenNone();
  });

  it('gives a privacy officer nothing even with a grant for the case', () => {
    given(relations(), { ...grant(), userId: privacyOfficer.userId, organisationId: privacyOfficer.organisationId })
      .when(privacyOfficer)
      .thenNone();
  });
});

describe('case access: break-the-glass', () => {
  it('opens the whole case to the grantee while the grant runs, marked as emergency', () => {
    const decision = given(relations(), grant())
      .when(vtUtrecht)
      .then({ scope: 'full', relation: 'emergency', actingRole: 'veilig-thuis-professional' });
    expect(decision).toMatchObject({ emergency: { grantId: 'g-1', expiresAt: grant().expiresAt } });
  });

  it('gives nothing once the grant expired, at the exact moment of expiry', () => {
    given(relations(), grant()).when(vtUtrecht, grant().expiresAt).thenNone();
  });

  it('gives nothing before the grant starts', () => {
    given(relations(), grant()).when(vtUtrecht, new Date('2026-03-10T07:59:59Z')).thenNone();
  });

  it('gives nothing for a grant of another case, another user or another organisation', () => {
    given(relations(), grant({ caseId: 'case-2' }))
      .when(vtUtrecht)
      .thenNone();
    given(relations(), grant({ userId: 'vt-someone' }))
      .when(vtUtrecht)
      .thenNone();
    given(relations(), grant({ organisationId: 'vt-zhz' }))
      .when(vtUtrecht)
      .thenNone();
  });

  it('gives nothing under a grant to a user who is no longer a Veilig Thuis professional', () => {
    given(relations(), grant())
      .when(principal('vt-ugo', 'vt-utrecht', 'policy-analyst'))
      .thenNone();
  });

  it('prefers a relation over a grant, so the access is not logged as an emergency', () => {
    given(relations(), grant({ userId: 'vt-bram', organisationId: 'vt-zhz' }))
      .when(vtBram)
      .then({ relation: 'veilig-thuis-region' });
  });
});

describe('hasFullRelation', () => {
  it('ignores grants and partial relations', () => {
    expect(hasFullRelation(vtBram, relations(), directory)).toBe(true);
    expect(hasFullRelation(vtUtrecht, relations(), directory)).toBe(false);
    expect(hasFullRelation(partnerJeugdzorg, relations(), directory)).toBe(false);
  });
});
