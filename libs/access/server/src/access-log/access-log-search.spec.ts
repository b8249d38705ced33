import { accessLogWhere } from './access-log-search';

describe('accessLogWhere', () => {
  it('matches everything without a filter', () => {
    expect(accessLogWhere({})).toEqual({ where: 'true', values: [] });
  });

  it('passes every value as a parameter, numbered from the given one', () => {
    const { where, values } = accessLogWhere({ familyId: 'family-1', caseId: "case'; drop table access_log; --", userId: 'user-1' }, 3);
    expect(where).toBe("family_id = $3 and subject_type = 'case' and subject_id = $4 and actor_user_id = $5");
    expect(values).toEqual(['family-1', "case'; drop table access_log; --", 'user-1']);
  });

  it('reads a calendar day as that whole day in Europe/Amsterdam, an instant as itself', () => {
    expect(accessLogWhere({ from: { day: '2026-03-29' }, to: { day: '2026-03-29' } })).toEqual({
      where:
        "recorded_at >= ($1::date)::timestamp at time zone 'Europe/Amsterdam' and recorded_at < ($2::date + 1)::timestamp at time zone 'Europe/Amsterdam'",
      values: ['2026-03-29', '2026-03-29'],
    });
    expect(accessLogWhere({ from: { instant: '2026-03-10T09:00:00+01:00' }, to: { instant: '2026-03-10T17:00:00Z' } })).toEqual({
      where: 'recorded_at >= $1::timestamptz and recorded_at <= $2::timestamptz',
      values: ['2026-03-10T09:00:00+01:00', '2026-03-10T17:00:00Z'],
    });
  });

  it('writes the emergency flag into the text, so the partial index applies', () => {
    expect(accessLogWhere({ emergency: true })).toEqual({ where: 'emergency', values: [] });
    expect(accessLogWhere({ emergency: false, userId: 'u' })).toEqual({ where: 'actor_user_id = $1 and not emergency', values: ['u'] });
  });
});
