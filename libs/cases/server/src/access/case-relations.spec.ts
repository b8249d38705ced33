import { createOrganisationDirectory, decideCaseAccess } from '@ketenregie/access-domain';
import type { Principal, Role } from '@ketenregie/access-domain';
import type { CaseEvent, OpenedCase } from '@ketenregie/cases-domain';
import { caseDecider, isOpened } from '@ketenregie/cases-domain';
import { foldCaseRecord } from '../projections/case-record';
import { caseAccessColumns, caseRelationsOf, caseRelationsOfRecord } from './case-relations';
import type { CaseScenario } from './testing/access-scenarios';
import { director, scenarioEvents } from './testing/access-scenarios';

const stateOf = (events: readonly CaseEvent[]): OpenedCase => {
  const state = events.reduce(caseDecider.evolve, caseDecider.initialState());
  if (!isOpened(state)) throw new Error('scenario did not open a case');
  return state;
};

const vtAnouk = director('demo-vt-anouk', 'demo-vt', 'veilig-thuis');
const tsIris = director('demo-ts-iris', 'demo-ts-merwestad', 'local-team');

/** given(the events of a case) / when(its relations are derived) / then(what the policy sees). */
const given = (scenario: CaseScenario) => ({
  when: (referrers: Parameters<typeof caseRelationsOf>[1] = []) => ({
    then: (expected: Partial<ReturnType<typeof caseRelationsOf>>) =>
      expect(caseRelationsOf(stateOf(scenarioEvents(scenario)), referrers)).toMatchObject(expected),
  }),
});

describe('case relations from the case state', () => {
  it('names the director, the municipality and no pending hand-over for a fresh case', () => {
    given({ caseId: 'c1', municipality: 'Merwestad (DEMO)', director: vtAnouk })
      .when()
      .then({
        caseId: 'c1',
        municipality: 'Merwestad (DEMO)',
        closed: false,
        director: { personId: 'demo-vt-anouk', organisationId: 'demo-vt' },
        pendingHandoverTo: null,
        chainPartners: [],
        tasks: [],
        referrers: [],
      });
  });

  it('names the receiver of a pending hand-over', () => {
    given({ caseId: 'c1', municipality: 'Merwestad (DEMO)', director: vtAnouk, pendingHandoverTo: tsIris })
      .when()
      .then({ pendingHandoverTo: { personId: 'demo-ts-iris', organisationId: 'demo-ts-merwestad' } });
  });

  it('lists chain partners with whether they are still involved, and every task with its owner', () => {
    given({
      caseId: 'c1',
      municipality: 'Merwestad (DEMO)',
      director: vtAnouk,
      partners: [
        { partnerId: 'p1', organisationId: 'demo-jeugdzorg' },
        { partnerId: 'p2', organisationId: 'demo-ggz', ended: true },
      ],
      conditions: [
        { conditionId: 'sc-1', organisationId: 'demo-jeugdzorg', personId: 'jz-jet' },
        { conditionId: 'sc-2', organisationId: 'demo-reclassering' },
      ],
      agreements: [
        { part: 'aid', agreementId: 'ag-1', organisationId: 'demo-ggz' },
        { part: 'recovery', agreementId: 'ag-1', organisationId: 'demo-ts-merwestad' },
      ],
    })
      .when()
      .then({
        chainPartners: [
          { partnerId: 'p1', organisationId: 'demo-jeugdzorg', active: true },
          { partnerId: 'p2', organisationId: 'demo-ggz', active: false },
        ],
        tasks: [
          { kind: 'safety-condition', conditionId: 'sc-1', owner: { organisationId: 'demo-jeugdzorg', personId: 'jz-jet' } },
          { kind: 'safety-condition', conditionId: 'sc-2', owner: { organisationId: 'demo-reclassering' } },
          { kind: 'plan-agreement', part: 'aid', agreementId: 'ag-1', owner: { organisationId: 'demo-ggz' } },
          { kind: 'plan-agreement', part: 'recovery', agreementId: 'ag-1', owner: { organisationId: 'demo-ts-merwestad' } },
        ],
      });
  });

  it('marks a closed case', () => {
    given({ caseId: 'c1', municipality: 'Merwestad (DEMO)', director: vtAnouk, closed: true }).when().then({ closed: true });
  });

  it('keeps referrer links for reports on this case only', () => {
    given({ caseId: 'c1', municipality: 'Merwestad (DEMO)', director: vtAnouk })
      .when([
        { reportId: 'c1-r1', personId: 'els', organisationId: 'school' },
        { reportId: 'other-case-r1', personId: 'els', organisationId: 'school' },
      ])
      .then({ referrers: [{ reportId: 'c1-r1', personId: 'els', organisationId: 'school' }] });
  });

  it("reads the same relations from the register's stored record", () => {
    const events = scenarioEvents({
      caseId: 'c1',
      municipality: 'Lingedal (DEMO)',
      director: tsIris,
      partners: [{ partnerId: 'p1', organisationId: 'demo-ggz' }],
    });
    const record = foldCaseRecord(
      undefined,
      events.map((event, revision) => ({ event, revision, occurredAt: new Date('2026-03-02T09:00:00Z') })),
    );
    if (!record) throw new Error('no record');
    expect(caseRelationsOfRecord(record)).toEqual(caseRelationsOf(stateOf(events)));
  });
});

describe('case access columns', () => {
  it('holds the municipality key, the receiving organisation and every organisation with a task, once each', () => {
    const state = stateOf(
      scenarioEvents({
        caseId: 'c1',
        municipality: '  Merwestad  (DEMO) ',
        director: vtAnouk,
        pendingHandoverTo: tsIris,
        partners: [
          { partnerId: 'p1', organisationId: 'demo-jeugdzorg' },
          { partnerId: 'p2', organisationId: 'demo-ggz', ended: true },
        ],
        conditions: [{ conditionId: 'sc-1', organisationId: 'demo-jeugdzorg' }],
        agreements: [{ part: 'aid', agreementId: 'ag-1', organisationId: 'demo-reclassering' }],
      }),
    );
    expect(caseAccessColumns(state)).toEqual({
      municipality_key: 'merwestad (demo)',
      pending_handover_to_organisation_id: 'demo-ts-merwestad',
      task_organisation_ids: ['demo-jeugdzorg', 'demo-reclassering'],
    });
  });
});

describe('the policy on the relations of a case', () => {
  const directory = createOrganisationDirectory([
    { organisationId: 'demo-vt', name: 'Veilig Thuis', kind: 'veilig-thuis', municipalities: ['Merwestad (DEMO)', 'Giessenwaard (DEMO)'] },
    { organisationId: 'demo-ts-merwestad', name: 'Team Merwestad', kind: 'local-team', municipalities: ['Merwestad (DEMO)'] },
    { organisationId: 'demo-ts-lingedal', name: 'Team Lingedal', kind: 'local-team', municipalities: ['Giessenwaard (DEMO)'] },
    { organisationId: 'demo-reclassering', name: 'Reclassering', kind: 'chain-partner', municipalities: [] },
  ]);
  const user = (userId: string, organisationId: string, role: Role): Principal => ({
    userId,
    displayName: userId,
    organisationId,
    roles: [role],
    authenticatedBy: 'local',
  });
  const relations = caseRelationsOf(
    stateOf(
      scenarioEvents({
        caseId: 'c1',
        municipality: 'Giessenwaard (DEMO)',
        director: director('demo-ts-nadia', 'demo-ts-lingedal', 'local-team'),
        conditions: [{ conditionId: 'sc-1', organisationId: 'demo-reclassering' }],
      }),
    ),
  );
  const now = new Date('2026-03-10T12:00:00Z');

  it('gives the Veilig Thuis of the municipality full access', () => {
    expect(
      decideCaseAccess(user('demo-vt-bas', 'demo-vt', 'veilig-thuis-professional'), relations, directory, undefined, now),
    ).toMatchObject({
      scope: 'full',
      relation: 'veilig-thuis-region',
    });
  });

  it('gives the other local team nothing and the partner its condition', () => {
    expect(
      decideCaseAccess(user('demo-ts-iris', 'demo-ts-merwestad', 'team-sociaal-consultant'), relations, directory, undefined, now),
    ).toEqual({ scope: 'none' });
    expect(decideCaseAccess(user('rc', 'demo-reclassering', 'chain-partner'), relations, directory, undefined, now)).toMatchObject({
      scope: 'own-tasks',
      tasks: { safetyConditionIds: ['sc-1'] },
    });
  });
});
