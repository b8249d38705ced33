import { daysOf, mondayOf, parseWeek, shiftWeek, weekOf, weekParam } from './week';

describe('ISO weeks of the rappel planner', () => {
  it('counts weeks from Monday, with week 1 holding the first Thursday of the year', () => {
    expect(weekOf('2026-12-04')).toEqual({ year: 2026, week: 49 });
    // 1 January 2027 is a Friday: it still belongs to the last week of 2026.
    expect(weekOf('2027-01-01')).toEqual({ year: 2026, week: 53 });
    expect(weekOf('2027-01-04')).toEqual({ year: 2027, week: 1 });
    // 29 December 2025 is a Monday in week 1 of 2026.
    expect(weekOf('2025-12-29')).toEqual({ year: 2026, week: 1 });
    expect(mondayOf({ year: 2026, week: 1 })).toBe('2025-12-29');
    expect(mondayOf({ year: 2026, week: 49 })).toBe('2026-11-30');
  });

  it('lists Monday to Sunday and steps over year ends', () => {
    expect(daysOf({ year: 2026, week: 49 })).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    expect(shiftWeek({ year: 2026, week: 53 }, 1)).toEqual({ year: 2027, week: 1 });
    expect(shiftWeek({ year: 2027, week: 1 }, -1)).toEqual({ year: 2026, week: 53 });
  });

  it('reads the week from the URL and refuses what is no week', () => {
    expect(parseWeek('2026-W49')).toEqual({ year: 2026, week: 49 });
    expect(weekParam({ year: 2027, week: 1 })).toBe('2027-W01');
    expect(parseWeek('2026-W53')).toEqual({ year: 2026, week: 53 });
    for (const wrong of [null, '', '2025-W53', '2026-W00', '2026-W54', '2026-49', 'volgende']) expect(parseWeek(wrong)).toBeUndefined();
  });
});
