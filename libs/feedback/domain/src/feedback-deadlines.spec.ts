import { feedbackDueOn, feedbackTimeliness } from './feedback-deadlines';
import { milestone } from './testing/feedback-fixtures';

describe('feedback deadlines', () => {
  it('is due on the day the safety assessment ends, and the day the investigation ends', () => {
    expect(feedbackDueOn(milestone('safety-assessment-done'))).toBe('2026-03-06');
    expect(feedbackDueOn(milestone('investigation-finished'))).toBe('2026-05-11');
  });

  it('has no deadline for the other milestones', () => {
    expect(feedbackDueOn(milestone('report-received'))).toBeUndefined();
    expect(feedbackDueOn(milestone('handed-over'))).toBeUndefined();
    expect(feedbackDueOn(milestone('case-closed'))).toBeUndefined();
  });

  it('counts the Dutch calendar day, not the UTC one', () => {
    // 23:30 UTC on 5 March is already 6 March in Amsterdam.
    expect(feedbackDueOn({ ...milestone('safety-assessment-done'), endedAt: '2026-03-05T23:30:00Z' } as never)).toBe('2026-03-06');
  });

  it('tells on time from late, and due from overdue', () => {
    expect(feedbackTimeliness('2026-03-06', '2026-03-06T16:00:00Z', '2026-03-09T09:00:00Z')).toBe('on-time');
    expect(feedbackTimeliness('2026-03-06', '2026-03-07T08:00:00Z', '2026-03-09T09:00:00Z')).toBe('late');
    expect(feedbackTimeliness('2026-03-06', undefined, '2026-03-06T20:00:00Z')).toBe('due');
    expect(feedbackTimeliness('2026-03-06', undefined, '2026-03-07T00:30:00Z')).toBe('overdue');
  });
});
