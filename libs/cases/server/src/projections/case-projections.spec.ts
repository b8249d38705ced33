import type { RecordedEvent } from '@ketenregie/event-store';
import type { CaseEvent, Director, Household, PendingHandover, RecidivismFlag } from '@ketenregie/cases-domain';
import { caseEventTypes } from '@ketenregie/cases-domain';
import { occurredAt, toCaseEvent } from './case-events';
import { foldCaseRecord } from './case-record';
import { caseRecordOfRow, caseSummaries, caseSummaryRow, familyLabel } from './case-summaries';
import { caseRappelRows } from './case-rappel-rows';
import { samplePersonalEvents } from '../erasure/testing/personal-case-events';
import { timelineKind, timelineSummary } from './timeline-summary';

// Invented people only.
const anna: Director = {
  person: { personId: 'vt-anna', name: 'Anna de Vries' },
  organisation: { organisationId: 'vt', name: 'Veilig Thuis', kind: 'veilig-thuis' },
};
const household: Household = {
  address: { houseNumber: '12', postcode: '4201AB', municipality: 'Gorinchem' },
  members: [
    { memberId: 'c1', role: 'child', name: { givenNames: 'Sara', familyName: 'Berg' }, dateOfBirth: '2016-05-20' },
    { memberId: 'a1', role: 'adult', name: { givenNames: 'Jan', prefix: 'van der', familyName: 'Berg' }, dateOfBirth: '1985-03-12' },
  ],
};

const opened: CaseEvent = {
  type: 'cases.case-opened',
  schemaVersion: 1,
  data: { caseId: 'c', familyId: 'f', household, director: anna, openedWith: 'report', openedAt: '2026-03-02T09:00:00.000Z' },
};
const received: CaseEvent = {
  type: 'cases.report-received',
  schemaVersion: 1,
  data: {
    reportId: 'r1',
    referrer: { kind: 'professional', name: 'Els Jansen', organisation: 'School', role: 'ib', contact: { email: 'e@example.org' } },
    sourceCategory: 'police',
    formsOfViolence: ['partner-violence'],
    concern: 'Geheime zorg over Jan.',
    household,
    classification: 'first',
    receivedAt: '2026-03-02T09:00:00.000Z',
    receivedOn: '2026-03-02',
    assessmentId: 'r1',
    assessmentDueOn: '2026-03-09',
  },
};

const recorded = (event: CaseEvent, revision: number, metadata: RecordedEvent['metadata'] = {}): RecordedEvent => ({
  id: `e${revision}`,
  streamId: 'case-c',
  revision,
  checkpoint: `${revision}` as RecordedEvent['checkpoint'],
  type: event.type,
  schemaVersion: event.schemaVersion,
  data: event.data as unknown as Record<string, unknown>,
  metadata,
  recordedAt: new Date('2030-01-01T00:00:00Z'),
});

// The register reads only a flag's id and whether it was acknowledged.
const recidivismFlag = { flagId: 'g1', reportId: 'r2', acknowledged: false } as unknown as RecidivismFlag;

describe('case register fold', () => {
  it('stores everything the next batch folds on from in the declared columns, and nothing else', () => {
    // Opened, reported, a plan, a partner and a hand-over pending: every nested part is filled.
    const history = [
      'cases.case-opened',
      'cases.report-received',
      'cases.acute-unsafety-registered',
      'cases.safety-assessment-started',
      'cases.safety-assessment-completed',
      'cases.chain-partner-registered',
      'cases.safety-condition-added',
      'cases.plan-part-updated',
      'cases.phase-changed',
      'cases.handover-offered',
    ] as const;
    const record = foldCaseRecord(
      undefined,
      history.map((type, revision) => ({
        event: samplePersonalEvents[type],
        revision,
        occurredAt: new Date(Date.UTC(2026, 2, 2, revision)),
      })),
    )!;
    const row = caseSummaryRow(record);
    expect(Object.keys(row).sort()).toEqual([...caseSummaries.columnNames].sort());
    // As stored: through JSON into the columns and back.
    const stored = JSON.parse(JSON.stringify(row)) as typeof row;
    expect(caseRecordOfRow(stored)).toEqual(JSON.parse(JSON.stringify(record)));
    expect(row.pending_handover).not.toBeNull();
    expect(row.chain_partners).toHaveLength(1);
    expect(row.plan.safetyConditions).toHaveLength(1);
  });

  it("keeps when the pending hand-over was offered (the offer's own instant) across batches, and clears it once the offer is gone", () => {
    const offer = samplePersonalEvents['cases.handover-offered'];
    if (offer.type !== 'cases.handover-offered') throw new Error('sample');
    const history = [
      'cases.case-opened',
      'cases.report-received',
      'cases.safety-assessment-started',
      'cases.safety-assessment-completed',
    ] as const;
    const fold = (record: Parameters<typeof foldCaseRecord>[0], events: readonly CaseEvent[], from: number) =>
      foldCaseRecord(
        record,
        events.map((event, index) => ({ event, revision: from + index, occurredAt: new Date(Date.UTC(2030, 0, 1, from + index)) })),
      )!;
    const before = fold(undefined, [...history.map((type) => samplePersonalEvents[type])], 0);
    expect(caseSummaryRow(before).pending_handover_offered_at).toBeNull();
    const offered = fold(before, [offer], history.length);
    const stored = caseRecordOfRow(JSON.parse(JSON.stringify(caseSummaryRow(offered))) as ReturnType<typeof caseSummaryRow>);
    expect(caseSummaryRow(stored).pending_handover_offered_at).toBe(offer.data.offeredAt);
    // A later batch with another event keeps the offer's instant.
    const partner: CaseEvent = samplePersonalEvents['cases.chain-partner-registered'];
    const later = fold(stored, [partner], history.length + 1);
    expect(later.state.pendingHandover).not.toBeNull();
    expect(caseSummaryRow(later).pending_handover_offered_at).toBe(offer.data.offeredAt);
    const withdrawn: CaseEvent = {
      type: 'cases.handover-withdrawn',
      schemaVersion: 1,
      data: { handoverId: offer.data.handoverId, reason: 'Toch zelf verder.', withdrawnAt: '2030-01-02T00:00:00.000Z' },
    };
    expect(caseSummaryRow(fold(later, [withdrawn], history.length + 2)).pending_handover_offered_at).toBeNull();
  });

  it('marks a case as open work while it is open, and a closed one only while a rappel, flag, signal or offer is still open', () => {
    const at = new Date('2026-03-02T09:00:00Z');
    const record = foldCaseRecord(undefined, [
      { event: opened, revision: 0, occurredAt: at },
      { event: received, revision: 1, occurredAt: at },
    ])!;
    expect(caseSummaryRow(record).open_work).toBe(true);
    const closed = { ...record, state: { ...record.state, status: 'closed' as const } };
    expect(caseSummaryRow(closed).open_work).toBe(false);
    const rappel = { rappelId: 'p1', owner: anna, dueOn: '2026-06-01', deadlineOn: '2026-06-15', overdue: false };
    const withRappel = (status: 'scheduled' | 'due' | 'completed' | 'cancelled') => ({
      ...closed,
      state: { ...closed.state, rappels: [{ ...rappel, status }] },
    });
    expect(caseSummaryRow(withRappel('scheduled')).open_work).toBe(true);
    expect(caseSummaryRow(withRappel('due')).open_work).toBe(true);
    expect(caseSummaryRow(withRappel('completed')).open_work).toBe(false);
    expect(caseSummaryRow(withRappel('cancelled')).open_work).toBe(false);
    const flagged = { ...closed, state: { ...closed.state, recidivismFlags: [{ ...recidivismFlag, acknowledged: false }] } };
    expect(caseSummaryRow(flagged).open_work).toBe(true);
    expect(
      caseSummaryRow({ ...flagged, state: { ...flagged.state, recidivismFlags: [{ ...recidivismFlag, acknowledged: true }] } }).open_work,
    ).toBe(false);
  });

  it('gives each rappel row the need-to-know columns of its case’s register row, a pending hand-over included', () => {
    const at = new Date('2026-03-02T09:00:00Z');
    const record = foldCaseRecord(undefined, [{ event: opened, revision: 0, occurredAt: at }])!;
    const rappel = {
      rappelId: 'p1',
      owner: anna,
      dueOn: '2026-06-01',
      deadlineOn: '2026-06-15',
      status: 'scheduled' as const,
      overdue: false,
    };
    const pendingHandover: PendingHandover = {
      handoverId: 'h1',
      kind: 'de-escalation',
      from: record.state.director,
      to: { organisation: { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' } },
      reason: 'Veiligheid hersteld; verder in het lokale veld.',
      phase: record.state.phase,
      statusBefore: record.state.status,
    };
    const state = { ...record.state, rappels: [rappel], pendingHandover };
    const summary = caseSummaryRow({ ...record, state });
    const [row] = caseRappelRows(state);
    expect(summary.pending_handover_to_organisation_id).toBe('ts-gorinchem');
    expect(row).toMatchObject({
      director_organisation_id: summary.director_organisation_id,
      pending_handover_to_organisation_id: summary.pending_handover_to_organisation_id,
      municipality_key: summary.municipality_key,
    });
  });

  it('stores one rappel row per rappel with its owner, dates and status as columns', () => {
    const at = new Date('2026-03-02T09:00:00Z');
    const record = foldCaseRecord(undefined, [{ event: opened, revision: 0, occurredAt: at }])!;
    const rappels = [
      {
        rappelId: 'p1',
        owner: anna,
        dueOn: '2026-06-01',
        deadlineOn: '2026-06-15',
        status: 'completed' as const,
        overdue: false,
        outcome: 'safe' as const,
      },
      { rappelId: 'p2', owner: anna, dueOn: '2026-09-01', deadlineOn: '2026-09-15', status: 'scheduled' as const, overdue: true },
    ];
    expect(caseRappelRows({ ...record.state, rappels })).toEqual([
      {
        case_id: 'c',
        rappel_id: 'p1',
        owner: anna,
        owner_person_id: 'vt-anna',
        owner_organisation_id: 'vt',
        due_on: '2026-06-01',
        deadline_on: '2026-06-15',
        status: 'completed',
        overdue: false,
        outcome: 'safe',
        director_organisation_id: 'vt',
        pending_handover_to_organisation_id: null,
        municipality_key: 'gorinchem',
      },
      {
        case_id: 'c',
        rappel_id: 'p2',
        owner: anna,
        owner_person_id: 'vt-anna',
        owner_organisation_id: 'vt',
        due_on: '2026-09-01',
        deadline_on: '2026-09-15',
        status: 'scheduled',
        overdue: true,
        outcome: null,
        director_organisation_id: 'vt',
        pending_handover_to_organisation_id: null,
        municipality_key: 'gorinchem',
      },
    ]);
  });

  it("labels a family by the first adult's surname and the postcode digits only", () => {
    expect(familyLabel(household)).toBe('van der Berg, 4201');
  });

  it('isolates a right-to-left surname or one with a direction control, so the postcode digits keep their order', () => {
    const named = (familyName: string) => ({
      ...household,
      members: household.members.map((member) => ({ ...member, name: { ...member.name, prefix: undefined, familyName } })),
    });
    // Typed with an override that is never closed: without the isolate, 4201 was shown as 1024.
    expect(familyLabel(named('\u202EBakker'))).toBe('\u2068\u202EBakker\u2069, 4201');
    expect(familyLabel(named('العلي'))).toBe('\u2068العلي\u2069, 4201');
  });

  it('folds events into a summary with the open assessment and skips events it already applied', () => {
    const at = new Date('2026-03-02T09:00:00Z');
    const record = foldCaseRecord(undefined, [
      { event: opened, revision: 0, occurredAt: at },
      { event: received, revision: 1, occurredAt: at },
    ]);
    expect(record).toBeDefined();
    const again = foldCaseRecord(record, [{ event: received, revision: 1, occurredAt: at }]);
    expect(again).toEqual(record);
    const row = caseSummaryRow(record!);
    expect(row).toMatchObject({
      case_id: 'c',
      status: 'received',
      director_person_id: 'vt-anna',
      assessment_due_on: '2026-03-09',
      assessment_overdue: false,
      unacknowledged_flags: 0,
      version: 1,
    });
  });

  it('keeps the latest moment as last activity when a report typed in later dates itself back', () => {
    const record = foldCaseRecord(undefined, [
      { event: opened, revision: 0, occurredAt: new Date('2026-03-02T09:00:00Z') },
      { event: received, revision: 1, occurredAt: new Date('2026-03-09T08:00:00Z') },
      {
        event: { ...received, data: { ...(received.data as object), reportId: 'r2' } } as CaseEvent,
        revision: 2,
        occurredAt: new Date('2026-03-06T15:00:00Z'),
      },
    ]);
    expect(record).toMatchObject({ openedAt: '2026-03-02T09:00:00.000Z', lastEventAt: '2026-03-09T08:00:00.000Z', version: 2 });
  });

  it('dates an event by its own instant, else the command timestamp, else the storage time', () => {
    expect(occurredAt(received, recorded(received, 1)).toISOString()).toBe('2026-03-02T09:00:00.000Z');
    const overdue: CaseEvent = {
      type: 'cases.safety-assessment-overdue',
      schemaVersion: 1,
      data: { assessmentId: 'r1', dueOn: '2026-03-09', markedOn: '2026-03-10' },
    };
    expect(occurredAt(overdue, recorded(overdue, 2, { timestamp: '2026-03-10T01:00:00.000Z' })).toISOString()).toBe(
      '2026-03-10T01:00:00.000Z',
    );
    expect(occurredAt(overdue, recorded(overdue, 2)).toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });

  it('ignores events of other contexts', () => {
    expect(toCaseEvent({ ...recorded(received, 1), type: 'test.case-opened' })).toBeUndefined();
    expect(caseEventTypes.length).toBeGreaterThan(30);
  });
});

describe('timeline lines', () => {
  it('describe a report in Dutch without the family, the referrer or the concern', () => {
    const summary = timelineSummary(received);
    expect(summary).toBe(
      'Melding ontvangen als eerste melding (bron: politie; partnergeweld); veiligheidsbeoordeling uiterlijk 9 maart 2026.',
    );
    expect(summary).not.toMatch(/Berg|Jan|Sara|Els|Geheime/);
    expect(timelineKind(received)).toBe('intake');
    expect(timelineSummary(opened)).toBe('Casus geopend na een melding; regie bij Anna de Vries (Veilig Thuis).');
  });

  it('says when a report was typed in on a later day than it was received (an event without registeredAt was typed in when received)', () => {
    const typedLater: CaseEvent = {
      ...received,
      data: {
        ...(received.data as Extract<CaseEvent, { type: 'cases.report-received' }>['data']),
        receivedAt: '2026-03-06T15:30:00.000Z',
        receivedOn: '2026-03-06',
        registeredAt: '2026-03-09T08:00:00.000Z',
      },
    } as CaseEvent;
    expect(timelineSummary(typedLater)).toBe(
      'Melding ontvangen als eerste melding (bron: politie; partnergeweld); veiligheidsbeoordeling uiterlijk 9 maart 2026. Ontvangen op 6 maart 2026, ingevoerd op 9 maart 2026.',
    );
    expect(occurredAt(toCaseEvent(recorded(typedLater, 1))!, recorded(typedLater, 1)).toISOString()).toBe('2026-03-06T15:30:00.000Z');
  });

  it('names the director a colleague of their team steered for, and a team a hand-over was offered to', () => {
    const carla: Director = {
      person: { personId: 'lt-carla', name: 'Carla Bakker' },
      organisation: { organisationId: 'ts', name: 'Team Sociaal Gorinchem', kind: 'local-team' },
    };
    const closed: CaseEvent = {
      type: 'cases.case-closed',
      schemaVersion: 1,
      data: {
        outcome: 'safety-established',
        notes: 'x',
        director: anna,
        closedAt: '2026-04-01T09:00:00.000Z',
        closedOn: '2026-04-01',
        onBehalfOf: anna,
      },
    };
    expect(timelineSummary(closed)).toBe('Casus afgesloten: veiligheid gerealiseerd. Namens Anna de Vries (Veilig Thuis).');
    const offered: CaseEvent = {
      type: 'cases.handover-offered',
      schemaVersion: 1,
      data: {
        handoverId: 'h1',
        kind: 'de-escalation',
        from: anna,
        to: { organisation: carla.organisation },
        reason: 'x',
        phase: 'stable-safety',
        offeredAt: '2026-03-06T09:00:00.000Z',
      },
    };
    expect(timelineSummary(offered)).toBe(
      'Afschaling aangeboden door Anna de Vries (Veilig Thuis) aan het team van Team Sociaal Gorinchem (fase: stabiele veiligheid).',
    );
  });
});
