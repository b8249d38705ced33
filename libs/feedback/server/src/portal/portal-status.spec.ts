import { ownReportIdsOf } from '@ketenregie/access-domain';
import type { CaseRelations } from '@ketenregie/access-domain';
import type { Principal } from '@ketenregie/kernel';
import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@ketenregie/event-store';
import { applyPortalEvent, withinCase } from './portal-reports.projection';
import type { PortalState } from './portal-reports.projection';
import { portalMessageText } from './read-portal-reports';
import { PORTAL_LINK_SLOT, composeFeedback, decideFeedback } from '@ketenregie/feedback-domain';

const caseId = 'c-1';
let revision = 0;
const event = (type: string, data: Record<string, unknown>, inCase = caseId): RecordedEvent =>
  ({
    id: randomUUID(),
    streamId: `case-${inCase}`,
    type,
    data,
    metadata: {},
    revision: revision++,
    recordedAt: new Date('2026-03-02T09:00:00Z'),
  }) as unknown as RecordedEvent;

const directoryTeacher = {
  kind: 'directory-professional',
  organisationId: 'obs-de-linge',
  personId: 'ref-linge',
  contact: {},
  feedbackConsent: { kind: 'granted', channel: 'portal' },
};
const outsideGp = {
  kind: 'professional',
  name: 'H. de Huisarts',
  organisation: 'Praktijk',
  role: 'huisarts',
  contact: { email: 'gp@example.org' },
};
const citizen = { kind: 'citizen', name: 'Buurvrouw', contact: { email: 'buur@example.org' } };
const declinedCitizen = { ...citizen, feedbackConsent: { kind: 'declined' } };
const informant = { kind: 'informant', name: 'Oom' };
const anonymous = { kind: 'anonymous' };

const received = (reportId: string, referrer: unknown, assessmentId = reportId) =>
  event('cases.report-received', { reportId, referrer, assessmentId, receivedOn: '2026-03-02', receivedAt: '2026-03-02T09:00:00Z' });

const given = (...events: RecordedEvent[]): PortalState => {
  const state: PortalState = { cases: new Map(), reports: new Map(), signals: new Map() };
  for (const recorded of [event('cases.case-opened', { familyId: 'f-1' }), ...events]) applyPortalEvent(state, recorded);
  return state;
};

const statusOf = (state: PortalState) => Object.fromEntries([...state.reports.values()].map((row) => [row.report_id, row.status]));

describe('the portal status line per referrer kind', () => {
  const reports = [
    received('r-teacher', directoryTeacher),
    received('r-gp', outsideGp, 'r-teacher'),
    received('r-citizen', citizen, 'r-teacher'),
  ];

  it('never lists an informant, an anonymous referrer or one who declined feedback', () => {
    const state = given(received('r-inf', informant), received('r-anon', anonymous), received('r-declined', declinedCitizen), ...reports);
    expect([...state.reports.values()].map((row) => row.report_id).sort()).toEqual(['r-citizen', 'r-gp', 'r-teacher']);
  });

  it('records the account of a directory professional, and no account for anyone else', () => {
    const state = given(...reports);
    expect(state.reports.get(withinCase(caseId, 'r-teacher'))).toMatchObject({
      account_person_id: 'ref-linge',
      account_organisation_id: 'obs-de-linge',
    });
    expect(state.reports.get(withinCase(caseId, 'r-gp'))).toMatchObject({ account_person_id: null, account_organisation_id: null });
    expect(state.reports.get(withinCase(caseId, 'r-teacher'))).toMatchObject({
      reference: 'r-teacher',
      received_on: '2026-03-02',
      status: 'received',
    });
  });

  it('lets a professional follow every milestone and a citizen only the decision on follow-up', () => {
    const steps: [RecordedEvent, Record<string, string>][] = [
      [
        event('cases.safety-assessment-started', { assessmentId: 'r-teacher' }),
        { 'r-teacher': 'assessing', 'r-gp': 'assessing', 'r-citizen': 'received' },
      ],
      [
        event('cases.safety-assessment-completed', { assessmentId: 'r-teacher', acuteUnsafety: false, structuralUnsafety: true }),
        { 'r-teacher': 'follow-up-started', 'r-gp': 'follow-up-started', 'r-citizen': 'follow-up-started' },
      ],
      [
        event('cases.handover-accepted', { handoverId: 'h-1' }),
        { 'r-teacher': 'handed-over', 'r-gp': 'handed-over', 'r-citizen': 'follow-up-started' },
      ],
      [event('cases.case-closed', {}), { 'r-teacher': 'closed', 'r-gp': 'closed', 'r-citizen': 'follow-up-started' }],
    ];
    const state = given(...reports);
    for (const [step, expected] of steps) {
      applyPortalEvent(state, step);
      expect(statusOf(state)).toEqual(expected);
    }
    expect(state.cases.get(caseId)).toMatchObject({ family_id: 'f-1', closed: true });
  });

  it('tells no follow-up when the assessment found no unsafety, and moves only the reports of that assessment', () => {
    const state = given(received('r-1', outsideGp), received('r-2', directoryTeacher, 'r-2'));
    applyPortalEvent(
      state,
      event('cases.safety-assessment-completed', { assessmentId: 'r-1', acuteUnsafety: false, structuralUnsafety: false }),
    );
    expect(statusOf(state)).toEqual({ 'r-1': 'no-follow-up', 'r-2': 'received' });
  });

  it('shows a report joining an assessment under way as being assessed', () => {
    const state = given(
      received('r-1', outsideGp),
      event('cases.safety-assessment-started', { assessmentId: 'r-1' }),
      received('r-2', outsideGp, 'r-1'),
    );
    expect(statusOf(state)).toEqual({ 'r-1': 'assessing', 'r-2': 'assessing' });
  });

  it("keeps a referrer's signals about their report and marks them seen, never a chain partner's", () => {
    const state = given(
      ...reports,
      event('cases.signal-raised', {
        signalId: 's-1',
        source: { kind: 'referrer', reportId: 'r-teacher' },
        kind: 'aid-stalls',
        reason: 'Geen contact',
        raisedAt: '2026-04-01T10:00:00.000Z',
      }),
      event('cases.signal-raised', {
        signalId: 's-2',
        source: { kind: 'chain-partner', organisation: { organisationId: 'x', name: 'X' } },
        kind: 'task-stalls',
        reason: 'Taak',
        raisedAt: '2026-04-01T10:00:00.000Z',
      }),
    );
    expect([...state.signals.values()].map((row) => row.signal_id)).toEqual(['s-1']);
    applyPortalEvent(state, event('cases.signal-acknowledged', { signalId: 's-1' }));
    expect(state.signals.get(withinCase(caseId, 's-1'))).toMatchObject({ report_id: 'r-teacher', seen: true });
  });

  it("keeps another family's report with the same number apart, and its signals with it", () => {
    const state = given(
      received('2026-0042', directoryTeacher),
      event('cases.signal-raised', {
        signalId: 's-1',
        source: { kind: 'referrer', reportId: '2026-0042' },
        kind: 'aid-stalls',
        reason: 'Geen contact',
        raisedAt: '2026-04-01T10:00:00.000Z',
      }),
    );
    // Another case, another referrer, the same report and signal numbers.
    for (const recorded of [
      event('cases.case-opened', { familyId: 'f-2' }, 'c-2'),
      event(
        'cases.report-received',
        { reportId: '2026-0042', referrer: outsideGp, receivedOn: '2026-05-02', receivedAt: '2026-05-02T09:00:00Z' },
        'c-2',
      ),
      event('cases.signal-acknowledged', { signalId: 's-1' }, 'c-2'),
    ])
      applyPortalEvent(state, recorded);
    expect([...state.reports.values()].map((row) => [row.case_id, row.report_id, row.account_person_id])).toEqual([
      ['c-1', '2026-0042', 'ref-linge'],
      ['c-2', '2026-0042', null],
    ]);
    // The acknowledgement in the other case touched nothing of this one's.
    expect([...state.signals.values()].map((row) => [row.case_id, row.signal_id, row.seen])).toEqual([['c-1', 's-1', false]]);
  });
});

describe("the portal's reading of own reports agrees with the access policy", () => {
  const referrer = (userId: string, organisationId: string): Principal =>
    ({ userId, organisationId, displayName: userId, roles: ['referrer'], authenticatedBy: 'local' }) as Principal;
  const relations = (referrers: CaseRelations['referrers']): CaseRelations => ({
    caseId,
    municipality: 'Gorinchem',
    closed: false,
    director: { personId: 'vt-anna', organisationId: 'vt' },
    pendingHandoverTo: null,
    chainPartners: [],
    tasks: [],
    referrers,
  });

  it('names as own exactly the reports whose account person and organisation match', () => {
    const state = given(
      received('r-own', directoryTeacher),
      received('r-gp', outsideGp),
      received('r-other', { ...directoryTeacher, personId: 'ref-other' }),
    );
    // The portal's filter (`account_person_id` and `account_organisation_id`), applied to its rows.
    const portalOwn = (who: Principal) =>
      [...state.reports.values()]
        .filter((row) => row.account_person_id === who.userId && row.account_organisation_id === who.organisationId)
        .map((row) => row.report_id);
    const policyOwn = (who: Principal) =>
      ownReportIdsOf(
        who,
        relations(
          [...state.reports.values()]
            .filter((row) => row.account_person_id !== null)
            .map((row) => ({
              reportId: row.report_id,
              personId: row.account_person_id ?? undefined,
              organisationId: row.account_organisation_id ?? undefined,
            })),
        ),
      );
    for (const who of [
      referrer('ref-linge', 'obs-de-linge'),
      referrer('ref-linge', 'elders'),
      referrer('ref-other', 'obs-de-linge'),
      referrer('x', 'obs-de-linge'),
    ]) {
      expect(portalOwn(who)).toEqual(policyOwn(who));
    }
    expect(portalOwn(referrer('ref-linge', 'obs-de-linge'))).toEqual(['r-own']);
  });
});

describe('a message as the portal shows it', () => {
  it('leaves out the paragraph that invites to the portal with the spent link, and keeps the rest', () => {
    const decision = decideFeedback({
      referrer: {
        kind: 'outside-professional',
        name: 'Els',
        organisation: 'Huisartsenpraktijk',
        email: 'a@example.org',
        feedback: { kind: 'granted', channel: 'email' },
        namingEndangers: false,
      },
      milestone: { kind: 'case-closed', reference: 'r-1', context: { otherReportCount: 0, otherReferrers: [] } },
      hasPlanRole: false,
    });
    if (decision.kind !== 'send') throw new Error('a consenting professional is told the closing');
    const mail = composeFeedback({ decision, locale: 'nl' }).text;
    expect(mail).toContain(PORTAL_LINK_SLOT);
    const shown = portalMessageText(mail);
    expect(shown).not.toMatch(/meldersportaal|link|\{\{/);
    expect(shown).toContain('Geachte melder,');
    expect(shown).toMatch(/Met vriendelijke groet,\nVeilig Thuis\n?$/);
    expect(shown).not.toMatch(/\n{3,}/);
  });
});
