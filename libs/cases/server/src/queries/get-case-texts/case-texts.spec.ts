import type { RecordedEvent } from '@ketenregie/event-store';
import { caseTextsOf } from './case-texts';

// Invented texts on an invented case, as the event store hands them out (already decrypted).

let revision = 0;
const recorded = (
  type: string,
  data: Record<string, unknown>,
  actor: { userId: string; organisationId?: string } | null = null,
): RecordedEvent => {
  const at = revision++;
  return {
    id: `event-${at}`,
    streamId: 'case-c1',
    revision: at,
    checkpoint: String(at),
    type,
    schemaVersion: 1,
    data,
    metadata: { ...(actor ? { actor } : {}), timestamp: `2026-03-0${at + 1}T09:00:00.000Z` },
    recordedAt: new Date(`2026-03-0${at + 1}T09:00:00.000Z`),
  } as RecordedEvent;
};

const anna = { userId: 'vt-anna', organisationId: 'vt-zhz' };
const erased = { $erased: true, erasedAt: '2026-04-01T00:00:00.000Z' };

describe('the free texts of a case', () => {
  beforeEach(() => {
    revision = 0;
  });

  it('gives each text people wrote with its event, field, author and subject, newest first; never the referrer or the household', () => {
    const events = [
      recorded(
        'cases.report-received',
        {
          reportId: 'r1',
          concern: 'Kind vertelt over ruzies thuis.',
          referrer: { kind: 'professional', name: 'Els Jansen', organisation: 'OBS De Linge', role: 'ib', contact: {} },
          household: { address: { houseNumber: '12', postcode: '4201AB', municipality: 'Gorinchem' }, members: [] },
          receivedAt: '2026-03-01T08:00:00.000Z',
        },
        anna,
      ),
      recorded('cases.safety-assessment-started', { assessmentId: 'r1', startedAt: '2026-03-02T09:00:00.000Z' }, anna),
      recorded(
        'cases.plan-part-updated',
        {
          part: 'aid',
          description: 'Ambulante hulp.',
          agreements: [
            { agreementId: 'a1', text: 'Wekelijks huisbezoek.', owner: {} },
            { agreementId: 'a2', text: 'Schoolbegeleiding.', owner: {} },
          ],
          updatedAt: '2026-03-03T09:00:00.000Z',
        },
        anna,
      ),
      recorded('cases.rappel-completed', { rappelId: 's1-1', outcome: 'safe', notes: '', completedAt: '2026-03-04T09:00:00.000Z' }),
    ];
    const { items, erased: wasErased } = caseTextsOf(events);
    expect(wasErased).toBe(false);
    expect(items.map(({ revision: at, field, about, text, kind }) => ({ at, field, about, text, kind }))).toEqual([
      { at: 2, field: 'description', about: { part: 'aid' }, text: 'Ambulante hulp.', kind: 'plan' },
      { at: 2, field: 'agreements.0.text', about: { part: 'aid', agreementId: 'a1' }, text: 'Wekelijks huisbezoek.', kind: 'plan' },
      { at: 2, field: 'agreements.1.text', about: { part: 'aid', agreementId: 'a2' }, text: 'Schoolbegeleiding.', kind: 'plan' },
      { at: 0, field: 'concern', about: { reportId: 'r1' }, text: 'Kind vertelt over ruzies thuis.', kind: 'intake' },
    ]);
    expect(items[3]).toMatchObject({
      type: 'cases.report-received',
      eventId: 'event-0',
      actor: anna,
      occurredAt: '2026-03-01T08:00:00.000Z',
    });
    expect(JSON.stringify(items)).not.toMatch(/Els Jansen|OBS De Linge|4201AB/);
  });

  it('shows nothing of an erased family and says it was erased', () => {
    const events = [
      recorded('cases.report-received', { reportId: 'r1', concern: erased, referrer: { kind: 'anonymous' }, household: {} }),
      recorded('cases.handover-offered', { handoverId: 'h1', reason: erased, offeredAt: '2026-03-02T09:00:00.000Z' }, anna),
    ];
    expect(caseTextsOf(events)).toEqual({ items: [], erased: true });
  });

  it('names the hand-over a reason belongs to and who gave it', () => {
    const events = [
      recorded(
        'cases.handover-declined',
        { handoverId: 'h1', reason: 'Geen plek in het team.', declinedAt: '2026-03-01T10:00:00.000Z' },
        { userId: 'lt-carla' },
      ),
    ];
    expect(caseTextsOf(events).items).toEqual([
      expect.objectContaining({ field: 'reason', about: { handoverId: 'h1' }, actor: { userId: 'lt-carla' }, kind: 'direction' }),
    ]);
  });
});
