import type { ReportReceived } from '../case.events';
import { registeredAtOf } from '../case.events';
import type { OpenedCase } from '../case.state';
import { command, registerAdviceRequest, registerReport } from '../testing/case-fixtures';
import { given, history, stateAfter } from '../testing/case-spec';
import { assessedCommands } from '../testing/case-scenarios';
import { receiptOf } from './receipt';

// Invariant 8: an intake has the moment it was received; deadlines, classification and the
// timeline run from it, whenever it was typed in.

const reportData = (events: ReturnType<typeof history>): ReportReceived['data'] => {
  const received = events.find((event): event is ReportReceived => event.type === 'cases.report-received');
  if (!received) throw new Error('no report-received event');
  return received.data;
};

describe('receivedAt: the moment an intake was received', () => {
  it('runs the assessment deadline from a phone report on Friday typed in after Easter Monday', () => {
    // Friday 3 April 2026, 16:30 in Amsterdam; typed in on Tuesday 7 April. Easter Monday is a holiday.
    const events = history([registerReport('r1', '2026-04-07T08:00:00Z', { receivedAt: '2026-04-03T16:30:00+02:00' })]);
    expect(reportData(events)).toMatchObject({
      receivedAt: '2026-04-03T14:30:00.000Z',
      registeredAt: '2026-04-07T08:00:00.000Z',
      receivedOn: '2026-04-03',
      assessmentDueOn: '2026-04-13',
    });
    // The same report without its receipt moment would have been due a working day later.
    expect(reportData(history([registerReport('r1', '2026-04-07T08:00:00Z')]))).toMatchObject({
      receivedOn: '2026-04-07',
      assessmentDueOn: '2026-04-14',
    });
    // The case was opened by the report, so it exists from its receipt.
    expect(events[0].data).toMatchObject({ openedAt: '2026-04-03T14:30:00.000Z' });
  });

  it('takes the Amsterdam date of the receipt, not the UTC one: a report at 00:30 on Ascension Day counts from that holiday', () => {
    const events = history([registerReport('r1', '2026-05-15T08:00:00Z', { receivedAt: '2026-05-14T00:30:00+02:00' })]);
    expect(reportData(events)).toMatchObject({ receivedOn: '2026-05-14', assessmentDueOn: '2026-05-21' });
  });

  it('defaults to the moment of registration', () => {
    expect(receiptOf(undefined, new Date('2026-03-02T09:00:00Z'))).toEqual({
      receivedAt: '2026-03-02T09:00:00.000Z',
      receivedOn: '2026-03-02',
      registeredAt: '2026-03-02T09:00:00.000Z',
    });
  });

  it('refuses a moment in the future beyond two minutes of clock skew, and counts one within them as now', () => {
    const now = '2026-03-02T09:00:00Z';
    given([])
      .when(registerReport('r1', now, { receivedAt: '2026-03-02T09:02:01Z' }))
      .thenError('case.received-at-in-future', {
        path: 'receivedAt',
        category: 'validation',
      });
    expect(receiptOf('2026-03-02T09:01:30Z', new Date(now)).receivedAt).toBe('2026-03-02T09:00:00.000Z');
  });

  it('refuses a moment more than 30 days back, and accepts exactly 30', () => {
    const now = '2026-03-31T09:00:00Z';
    given([])
      .when(registerReport('r1', now, { receivedAt: '2026-02-28T08:59:59Z' }))
      .thenError('case.received-at-too-old', { path: 'receivedAt' });
    given([])
      .when(registerReport('r1', now, { receivedAt: '2026-03-01T09:00:00Z' }))
      .thenTypes(['cases.case-opened', 'cases.report-received']);
  });

  it('refuses a malformed moment, a local time without offset and a day the calendar does not have', () => {
    for (const receivedAt of ['vrijdag', '2026-03-01', '2026-03-01T09:00:00', '2026-02-30T09:00:00Z', '2026-03-01T24:00:00Z']) {
      expect(() => receiptOf(receivedAt, new Date('2026-03-02T09:00:00Z'))).toThrow(
        expect.objectContaining({ code: 'case.invalid-received-at', path: 'receivedAt' }),
      );
    }
  });

  it('brings an open assessment forward when a report received earlier than the one that opened it is typed in later', () => {
    // r1 received and typed in on Wednesday 4 March (due 11 March); r2 was received by phone on
    // Monday 2 March and typed in on Thursday: the one assessment is now due 9 March.
    const events = history([
      registerReport('r1', '2026-03-04T09:00:00Z'),
      registerReport('r2', '2026-03-05T09:00:00Z', { receivedAt: '2026-03-02T10:00:00+01:00' }),
    ]);
    const state = stateAfter(events) as OpenedCase;
    expect(state.assessments).toEqual([expect.objectContaining({ assessmentId: 'r1', dueOn: '2026-03-09' })]);
    expect(
      events.filter((event) => event.type === 'cases.report-received').map((event) => (event as ReportReceived).data.assessmentDueOn),
    ).toEqual(['2026-03-11', '2026-03-09']);
    // A report received later than the open assessment's never moves its deadline out.
    const later = history([registerReport('r1', '2026-03-02T09:00:00Z'), registerReport('r2', '2026-03-06T09:00:00Z')]);
    expect((stateAfter(later) as OpenedCase).assessments[0].dueOn).toBe('2026-03-09');
  });

  it('classifies a report received while Veilig Thuis was involved, but typed in after the case closed, as a follow-up report', () => {
    const closedCommands = [
      ...assessedCommands(),
      command('cases.close-case', { outcome: 'safety-established', notes: 'Ouders werken mee.' }, '2026-03-06T15:00:00Z'),
    ];
    // Received Friday 6 March at 14:00, before the closure at 15:00; typed in on Monday.
    const { events } = given(history(closedCommands))
      .when(registerReport('r2', '2026-03-09T08:00:00Z', { receivedAt: '2026-03-06T14:00:00Z' }))
      .thenTypes(['cases.case-reopened', 'cases.report-received', 'cases.recidivism-flag-raised']);
    expect(events[1].data).toMatchObject({ classification: 'follow-up' });
    expect(events[2].data).toMatchObject({
      classification: 'follow-up',
      earlierInvolvement: { kind: 'ended', outcome: 'safety-established', closedOn: '2026-03-06' },
    });
    // Received after the closure: a repeat report, as always.
    const { events: repeat } = given(history(closedCommands))
      .when(registerReport('r2', '2026-03-09T08:00:00Z', { receivedAt: '2026-03-06T16:00:00Z' }))
      .thenTypes(['cases.case-reopened', 'cases.report-received', 'cases.recidivism-flag-raised']);
    expect(repeat[1].data).toMatchObject({ classification: 'repeat' });
  });

  it('records an advice request with its receipt moment', () => {
    const events = history([registerAdviceRequest('a1', '2026-02-03T09:00:00Z', { receivedAt: '2026-02-02T17:45:00+01:00' })]);
    expect(events.map((event) => event.data)).toEqual([
      expect.objectContaining({ openedAt: '2026-02-02T16:45:00.000Z' }),
      expect.objectContaining({ receivedAt: '2026-02-02T16:45:00.000Z', registeredAt: '2026-02-03T09:00:00.000Z' }),
    ]);
  });

  it('reads an event stored before receipt moments could be given as received when it was registered', () => {
    // Such events carry `receivedAt` (then the registration moment, the event's own timestamp) and no `registeredAt`.
    const stored = { receivedAt: '2025-11-03T10:15:00.000Z' };
    expect(registeredAtOf(stored)).toBe('2025-11-03T10:15:00.000Z');
    expect(registeredAtOf({ receivedAt: '2025-11-01T10:15:00.000Z', registeredAt: '2025-11-03T10:15:00.000Z' })).toBe(
      '2025-11-03T10:15:00.000Z',
    );
    const events = history([registerReport('r1', '2025-11-03T10:15:00Z')]);
    const { registeredAt: _registeredAt, ...old } = reportData(events);
    const state = stateAfter([events[0], { type: 'cases.report-received', schemaVersion: 1, data: old }]) as OpenedCase;
    expect(state.reports).toEqual([{ reportId: 'r1', classification: 'first', receivedOn: '2025-11-03', assessmentId: 'r1' }]);
  });
});
