import { caseDetailSchema } from '@ketenregie/contracts';
import type { RecordedEvent } from '@ketenregie/event-store';
import type { CaseEvent, CaseEventType } from '@ketenregie/cases-domain';
import { ERASED_TEXT, mapPersonalField } from '@ketenregie/access-contracts';
import { caseDetail } from '../queries/case-detail';
import { occurredAt, toCaseEvent } from '../projections/case-events';
import type { CaseRecord } from '../projections/case-record';
import { foldCaseRecord } from '../projections/case-record';
import { caseSummaryRow, familyLabel } from '../projections/case-summaries';
import { familyIndexRows } from '../projections/family-index-rows';
import { timelineSummary } from '../projections/timeline-summary';
import { casesPersonalDataRegistry } from './cases-personal-data';
import { eraseCaseRecord } from './erased-case';
import { sampleHousehold, samplePersonalEvents, samplePersonalTag } from './testing/personal-case-events';

type Data = { [key: string]: unknown };

const erasedAt = '2040-01-01T10:00:00.000Z';

// An order `evolve` accepts, ending with a hand-over pending so its reason is in the state too.
const history: CaseEventType[] = [
  'cases.case-opened',
  'cases.report-received',
  'cases.acute-unsafety-registered',
  'cases.safety-assessment-started',
  'cases.safety-assessment-completed',
  'cases.chain-partner-registered',
  'cases.safety-condition-added',
  'cases.safety-condition-revised',
  'cases.safety-condition-status-recorded',
  'cases.plan-part-updated',
  'cases.phase-changed',
  'cases.handover-offered',
];

const recorded = (event: CaseEvent, revision: number, data: Data): RecordedEvent => ({
  id: `e${revision}`,
  streamId: 'case-c1',
  revision,
  checkpoint: `${revision}` as RecordedEvent['checkpoint'],
  type: event.type,
  schemaVersion: 1,
  data,
  metadata: {},
  recordedAt: new Date('2026-03-02T09:00:00Z'),
});

/** What the encrypting event store returns once the family's key is gone. */
const asReadAfterErasure = (event: CaseEvent): Data => {
  let data = event.data as unknown as Data;
  for (const path of casesPersonalDataRegistry[event.type]?.personalFields ?? []) {
    data = mapPersonalField(data, path, () => ({ $erased: true, erasedAt }));
  }
  return data;
};

const fold = (read: (event: CaseEvent) => Data): CaseRecord => {
  const record = foldCaseRecord(
    undefined,
    history.map((type, revision) => {
      const stored = recorded(samplePersonalEvents[type], revision, read(samplePersonalEvents[type]));
      const event = toCaseEvent(stored)!;
      return { event, revision, occurredAt: occurredAt(event, stored) };
    }),
  );
  if (!record) throw new Error('not opened');
  return record;
};

describe('an erased family in the case register', () => {
  const plain = fold((event) => event.data as unknown as Data);
  const rebuilt = fold(asReadAfterErasure);

  it('reads as the same record whether erased in place or rebuilt from the events after erasure', () => {
    expect(JSON.stringify(plain)).toContain(samplePersonalTag);
    expect(rebuilt).toEqual(eraseCaseRecord(plain));
    expect(eraseCaseRecord(eraseCaseRecord(plain))).toEqual(eraseCaseRecord(plain));
  });

  it('keeps no personal value, but the municipality, the members’ roles, the plan’s owners and dates', () => {
    const row = caseSummaryRow(rebuilt);
    expect(JSON.stringify(row)).not.toContain(samplePersonalTag);
    expect(row).toMatchObject({ municipality: 'Gorinchem', family_label: ERASED_TEXT, status: 'handover_offered' });
    expect(rebuilt.state.household.members.map((member) => member.role)).toEqual(['adult', 'child']);
    expect(rebuilt.state.plan.parts.aid.agreements).toEqual([
      expect.objectContaining({ agreementId: 'ag1', dueOn: '2026-04-15', text: ERASED_TEXT }),
    ]);
    expect(rebuilt.state.pendingHandover?.reason).toBe(ERASED_TEXT);
  });

  it('gives search nothing to find or match on', () => {
    expect(familyIndexRows(plain.state)).toHaveLength(2);
    expect(familyIndexRows(rebuilt.state)).toEqual([]);
    expect(familyLabel(rebuilt.state.household)).toBe(ERASED_TEXT);
  });

  it('still answers a case detail the contract accepts, and timeline lines of every type', () => {
    const detail = caseDetail(caseSummaryRow(rebuilt), '2026-03-10');
    expect(caseDetailSchema.safeParse(detail).success).toBe(true);
    expect(JSON.stringify(detail)).not.toContain(samplePersonalTag);
    for (const event of Object.values(samplePersonalEvents)) {
      const line = timelineSummary(toCaseEvent(recorded(event, 0, asReadAfterErasure(event)))!);
      expect(line).not.toContain(samplePersonalTag);
      expect(line).not.toContain('undefined');
    }
  });
});

describe("an erased family's household corrections", () => {
  // The second report names a member the intake could not recognise (no date of birth); the
  // director merges it into the father and removes the child entered by mistake.
  const report = samplePersonalEvents['cases.report-received'];
  const events: CaseEvent[] = [
    samplePersonalEvents['cases.case-opened'],
    samplePersonalEvents['cases.family-kept-separate'],
    {
      ...report,
      data: {
        ...report.data,
        household: {
          ...sampleHousehold,
          members: [
            ...sampleHousehold.members,
            { memberId: 'm3', role: 'adult', name: { givenNames: `Jna ${samplePersonalTag}`, familyName: 'Berg' }, dateOfBirth: null },
          ],
        },
      },
    },
    samplePersonalEvents['cases.members-merged'],
    samplePersonalEvents['cases.member-removed'],
  ];
  const foldAll = (read: (event: CaseEvent) => Data): CaseRecord => {
    const record = foldCaseRecord(
      undefined,
      events.map((event, revision) => {
        const stored = recorded(event, revision, read(event));
        const folded = toCaseEvent(stored)!;
        return { event: folded, revision, occurredAt: occurredAt(folded, stored) };
      }),
    );
    if (!record) throw new Error('not opened');
    return record;
  };

  it('folds into the same household whether erased in place or rebuilt from the events after erasure', () => {
    const plain = foldAll((event) => event.data as unknown as Data);
    expect(plain.state.household.members.map((member) => [member.memberId, member.otherNames?.length ?? 0])).toEqual([['m1', 1]]);
    const rebuilt = foldAll(asReadAfterErasure);
    expect(rebuilt).toEqual(eraseCaseRecord(plain));
    expect(JSON.stringify(rebuilt)).not.toContain(samplePersonalTag);
  });
});
