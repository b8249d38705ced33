import { accessLogQuerySchema, emergencyGrantsQuerySchema, reviewEmergencyGrantBodySchema } from './access-log';

describe('accessLogQuerySchema', () => {
  it('reads query strings: numbers, the emergency flag, days and instants', () => {
    expect(
      accessLogQuerySchema.parse({ page: '2', pageSize: '10', emergency: 'true', from: '2026-03-10', to: '2026-03-10T17:00:00+01:00' }),
    ).toEqual({
      page: 2,
      pageSize: 10,
      emergency: true,
      from: '2026-03-10',
      to: '2026-03-10T17:00:00+01:00',
    });
    expect(accessLogQuerySchema.parse({})).toEqual({ page: 1, pageSize: 50 });
  });

  it.each([
    ['an unknown parameter', { name: 'Jansen' }, 'name'],
    ['a day that does not exist', { from: '2026-02-30' }, 'from'],
    ['an instant without its offset', { to: '2026-03-10T17:00:00' }, 'to'],
    ['a flag that is not true or false', { emergency: '1' }, 'emergency'],
    ['a page too large', { pageSize: '101' }, 'pageSize'],
    ['a repeated parameter', { familyId: ['a', 'b'] }, 'familyId'],
    ['an empty id', { userId: ' ' }, 'userId'],
  ])('refuses %s', (_, query, field) => {
    const result = accessLogQuerySchema.safeParse(query);
    expect(result.success).toBe(false);
    const paths = result.error?.issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.join('.')]));
    expect(paths).toEqual([field]);
  });
});

describe('emergency grant review', () => {
  it('reads the queue filter', () => {
    expect(emergencyGrantsQuerySchema.parse({ reviewed: 'false' })).toEqual({ reviewed: false, page: 1, pageSize: 25 });
  });

  it('asks a reason for an unjustified verdict only', () => {
    expect(reviewEmergencyGrantBodySchema.parse({ outcome: 'justified' })).toEqual({ outcome: 'justified' });
    expect(
      reviewEmergencyGrantBodySchema.safeParse({ outcome: 'unjustified', note: '  ' }).error?.issues.map((issue) => issue.path),
    ).toEqual([['note']]);
  });
});
