import { DataSource } from 'typeorm';
import type { TimelineEntry } from '@ketenregie/contracts';
import type { CaseEvent, Director, Household } from '@ketenregie/cases-domain';
import type { RecordedEvent } from '@ketenregie/event-store';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import {
  CASE_TIMELINE_TABLE,
  caseTimeline,
  caseTimelineProjection,
  caseTimelineRow,
  timelineEntryJson,
  timelineEntryOfRow,
} from './case-timeline.projection';

// Invented people only; an organisation name with characters JSON must escape.
const anna: Director = {
  person: { personId: 'vt-anna', name: 'Anna de Vries' },
  organisation: { organisationId: 'vt', name: 'Veilig Thuis "Zuid"\\\n\tRegio ë', kind: 'veilig-thuis' },
};
const household: Household = {
  address: { houseNumber: '12', postcode: '4201AB', municipality: 'Gorinchem' },
  members: [{ memberId: 'c1', role: 'child', name: { givenNames: 'Sara', familyName: 'Bergsma' }, dateOfBirth: '2016-05-20' }],
};

const opened: CaseEvent = {
  type: 'cases.case-opened',
  schemaVersion: 1,
  data: { caseId: 'c', familyId: 'f', household, director: anna, openedWith: 'report', openedAt: '2026-03-02T09:00:00.000Z' },
};
const closed: CaseEvent = {
  type: 'cases.case-closed',
  schemaVersion: 1,
  data: {
    outcome: 'safety-established',
    notes: 'Geheime toelichting over Sara.',
    director: anna,
    closedAt: '2026-04-01T09:00:00.123Z',
    closedOn: '2026-04-01',
    onBehalfOf: anna,
  },
};
const overdue: CaseEvent = {
  type: 'cases.safety-assessment-overdue',
  schemaVersion: 1,
  data: { assessmentId: 'r1', dueOn: '2026-03-09', markedOn: '2026-03-10' },
};

const recorded = (event: CaseEvent, revision: number, metadata: RecordedEvent['metadata']): RecordedEvent => ({
  id: `0b6f0e2c-6b1d-4c1e-9a57-00000000000${revision}`,
  streamId: 'case-c',
  revision,
  checkpoint: `${revision}` as RecordedEvent['checkpoint'],
  type: event.type,
  schemaVersion: event.schemaVersion,
  data: event.data as unknown as Record<string, unknown>,
  metadata,
  recordedAt: new Date('2026-03-10T01:00:00.000Z'),
});

const events = [
  recorded(opened, 0, { actor: { userId: 'vt-anna', organisationId: 'vt' } }),
  recorded(overdue, 1, {}),
  recorded(closed, 2, { actor: { userId: 'vt-bram' } }),
];

// What the API served when each row kept its entry as `JSON.stringify` text: the contract's key order.
const served: TimelineEntry[] = [
  {
    revision: 0,
    eventId: events[0].id,
    type: 'cases.case-opened',
    kind: 'intake',
    occurredAt: '2026-03-02T09:00:00.000Z',
    actor: { userId: 'vt-anna', organisationId: 'vt' },
    summary: 'Casus geopend na een melding; regie bij Anna de Vries (Veilig Thuis "Zuid"\\\n\tRegio ë).',
  },
  {
    revision: 1,
    eventId: events[1].id,
    type: 'cases.safety-assessment-overdue',
    kind: 'deadline',
    occurredAt: '2026-03-10T01:00:00.000Z',
    actor: null,
    summary: 'Termijn voor de veiligheidsbeoordeling verstreken (uiterlijk 9 maart 2026).',
  },
  {
    revision: 2,
    eventId: events[2].id,
    type: 'cases.case-closed',
    kind: 'route',
    occurredAt: '2026-04-01T09:00:00.123Z',
    actor: { userId: 'vt-bram', onBehalfOf: 'vt-anna' },
    summary: 'Casus afgesloten: veiligheid gerealiseerd. Namens Anna de Vries (Veilig Thuis "Zuid"\\\n\tRegio ë).',
  },
];

describe('case timeline rows (PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('case_timeline_rows');
    dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
    await dataSource.initialize();
    for (const statement of caseTimelineProjection.createTables({ [CASE_TIMELINE_TABLE]: CASE_TIMELINE_TABLE }))
      await dataSource.query(statement);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('stores each line once, in its declared columns, without the event or the family', () => {
    const rows = events.map((event) => caseTimelineRow(event));
    for (const row of rows) expect(Object.keys(row ?? {})).toEqual(caseTimeline.columnNames);
    expect(rows.map((row) => row && timelineEntryOfRow(row))).toEqual(served);
    // Erasure leaves the timeline alone (ADR 5), so nothing the family's key protects may be in it.
    const text = JSON.stringify(rows);
    for (const personal of ['Sara', 'Bergsma', '4201AB', 'Geheime toelichting']) expect(text).not.toContain(personal);
    expect(caseTimelineRow({ ...events[0], streamId: 'family-f' })).toBeUndefined();
  });

  it('has the key as its only index', async () => {
    const indexes = (await dataSource.query(`select indexdef from pg_indexes where tablename = $1`, [CASE_TIMELINE_TABLE])) as {
      indexdef: string;
    }[];
    expect(indexes.map((index) => index.indexdef)).toEqual([expect.stringContaining('(case_id, revision)')]);
  });

  it('serves byte for byte the JSON text the entries were served as before', async () => {
    const rows = events.map((event) => caseTimelineRow(event)!);
    await caseTimeline.insert(dataSource, CASE_TIMELINE_TABLE, rows);
    const texts = (await dataSource.query(`select ${timelineEntryJson('t')} as entry from ${CASE_TIMELINE_TABLE} t order by revision`)) as {
      entry: string;
    }[];
    expect(texts.map((row) => row.entry)).toEqual(served.map((entry) => JSON.stringify(entry)));
    // And the row read back is the row written.
    const read = (await dataSource.query(`select ${caseTimeline.selectList()} from ${CASE_TIMELINE_TABLE} order by revision`)) as Record<
      string,
      unknown
    >[];
    expect(read.map((raw) => caseTimeline.read(raw))).toEqual(rows);
  });
});
