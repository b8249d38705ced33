import { classifyByInvolvement } from './classify-report';

describe('classifyByInvolvement', () => {
  const closedAt = '2026-03-02T10:00:00.000Z';

  it('answers a first report for a family known only from advice requests', () => {
    expect(classifyByInvolvement({ vtInvolvement: 'none' })).toBe('first');
  });

  it('answers a follow-up report while Veilig Thuis is involved', () => {
    expect(classifyByInvolvement({ vtInvolvement: 'active' }, '2026-03-01T09:00:00+01:00')).toBe('follow-up');
  });

  it('answers a repeat report once the involvement ended', () => {
    expect(classifyByInvolvement({ vtInvolvement: 'ended', closedAt }, '2026-03-03T09:00:00+01:00')).toBe('repeat');
    expect(classifyByInvolvement({ vtInvolvement: 'ended', closedAt })).toBe('repeat');
  });

  it('answers a follow-up report for one received before the involvement ended and typed in after', () => {
    expect(classifyByInvolvement({ vtInvolvement: 'ended', closedAt }, '2026-03-02T10:59:00+01:00')).toBe('follow-up');
  });
});
