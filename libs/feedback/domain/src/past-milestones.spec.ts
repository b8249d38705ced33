import type { CaseEventOnWire } from './case-milestones';
import { isPastMilestone, milestoneMomentOf } from './case-milestones';

const DAY = 86_400_000;
const now = new Date('2026-12-04T10:00:00.000Z');
const limit = 14 * DAY;
const daysAgo = (days: number): string => new Date(now.getTime() - days * DAY).toISOString();

const event = (
  type: string,
  data: Record<string, unknown>,
  options: { timestamp?: string; recordedDaysAgo?: number } = {},
): CaseEventOnWire => ({
  type,
  revision: 0,
  data,
  metadata: options.timestamp === undefined ? {} : { timestamp: options.timestamp },
  recordedAt: new Date(now.getTime() - (options.recordedDaysAgo ?? 0) * DAY),
});

describe('a milestone of the past is not told', () => {
  it('reads the moment each milestone happened from its own data', () => {
    expect(milestoneMomentOf(event('cases.report-received', { receivedAt: daysAgo(3), registeredAt: daysAgo(1) }))).toBe(daysAgo(1));
    expect(milestoneMomentOf(event('cases.report-received', { receivedAt: daysAgo(3) }))).toBe(daysAgo(3));
    expect(milestoneMomentOf(event('cases.safety-assessment-completed', { completedAt: daysAgo(4) }))).toBe(daysAgo(4));
    expect(milestoneMomentOf(event('cases.investigation-completed', { completedAt: daysAgo(5) }))).toBe(daysAgo(5));
    expect(milestoneMomentOf(event('cases.handover-accepted', { acceptedAt: daysAgo(6) }))).toBe(daysAgo(6));
    expect(milestoneMomentOf(event('cases.case-closed', { closedAt: daysAgo(7) }))).toBe(daysAgo(7));
    expect(milestoneMomentOf(event('cases.feedback-requested', { requestedAt: daysAgo(8) }))).toBe(daysAgo(8));
    // Without a moment in its data, the command's time in the metadata.
    expect(milestoneMomentOf(event('cases.case-closed', {}, { timestamp: daysAgo(9) }))).toBe(daysAgo(9));
    expect(milestoneMomentOf(event('cases.case-closed', {}))).toBeUndefined();
  });

  it('reads past a milestone that happened long ago, even when it was stored today (an imported archive)', () => {
    const archived = event('cases.safety-assessment-completed', { completedAt: '2009-05-12T10:00:00.000Z' }, { recordedDaysAgo: 0 });
    expect(isPastMilestone(archived, now, limit)).toBe(true);
    const closedLastMonth = event('cases.case-closed', { closedAt: daysAgo(30) });
    expect(isPastMilestone(closedLastMonth, now, limit)).toBe(true);
  });

  it('reads past a milestone stored long ago, whatever its data says (a first start on an old log)', () => {
    expect(isPastMilestone(event('cases.case-closed', { closedAt: daysAgo(1) }, { recordedDaysAgo: 15 }), now, limit)).toBe(true);
  });

  it('tells a fresh milestone, and one as old as the limit allows', () => {
    expect(isPastMilestone(event('cases.report-received', { receivedAt: now.toISOString() }), now, limit)).toBe(false);
    expect(isPastMilestone(event('cases.handover-accepted', { acceptedAt: daysAgo(13.9) }, { recordedDaysAgo: 13.9 }), now, limit)).toBe(
      false,
    );
    // A phone report typed in today about a call of three weeks ago: registered now, so told now.
    expect(isPastMilestone(event('cases.report-received', { receivedAt: daysAgo(21), registeredAt: now.toISOString() }), now, limit)).toBe(
      false,
    );
    // Staff asking today to send the feedback of an old milestone: the request is today's.
    expect(isPastMilestone(event('cases.feedback-requested', { requestedAt: now.toISOString() }), now, limit)).toBe(false);
  });

  it('judges a milestone without a readable moment by when it was stored', () => {
    expect(isPastMilestone(event('cases.case-closed', { closedAt: 'not a date' }), now, limit)).toBe(false);
    expect(isPastMilestone(event('cases.case-closed', {}), now, limit)).toBe(false);
  });
});
