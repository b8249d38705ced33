import { milestoneMessageId, outcomeEventId } from './message-ids';

describe('message ids', () => {
  it('are the ids already stored: derived from case, report and milestone, and from the message', () => {
    // Stored events carry these ids; a change would queue every message of the past again.
    expect(milestoneMessageId('c1', 'r1', 'safety-assessment-done')).toBe('467759be-c705-597e-b200-18708b042d39');
    expect(outcomeEventId('m1')).toBe('ce49a3d1-695e-5435-95c3-38cb36b4a046');
    expect(milestoneMessageId('c1', 'r1', 'safety-assessment-done', 1)).toBe('467759be-c705-597e-b200-18708b042d39');
    expect(milestoneMessageId('c1', 'r1', 'handed-over', 2)).not.toBe(milestoneMessageId('c1', 'r1', 'handed-over'));
  });

  it('differ per milestone and report, and look like name-based UUIDs', () => {
    const ids = new Set([
      milestoneMessageId('c1', 'r1', 'report-received'),
      milestoneMessageId('c1', 'r1', 'case-closed'),
      milestoneMessageId('c1', 'r2', 'case-closed'),
      milestoneMessageId('c2', 'r1', 'case-closed'),
    ]);
    expect(ids.size).toBe(4);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
