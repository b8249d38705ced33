import { endOfAmsterdamDay, endOfWeek, startOfAmsterdamDay } from './amsterdam-day';

describe('Amsterdam days', () => {
  it('starts a winter day at 23:00 UTC and a summer day at 22:00 UTC the evening before', () => {
    expect(startOfAmsterdamDay('2026-01-15').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(startOfAmsterdamDay('2026-07-15').toISOString()).toBe('2026-07-14T22:00:00.000Z');
  });

  it('ends the days on which the clocks change at the next midnight, local time', () => {
    // 29 March 2026: clocks go forward, the day has 23 hours.
    expect(endOfAmsterdamDay('2026-03-29').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // 25 October 2026: clocks go back, the day has 25 hours.
    expect(endOfAmsterdamDay('2026-10-25').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('runs a week to its Sunday', () => {
    expect(endOfWeek('2026-11-23')).toBe('2026-11-29');
    expect(endOfWeek('2026-11-29')).toBe('2026-11-29');
    expect(endOfWeek('2026-11-28')).toBe('2026-11-29');
  });
});
