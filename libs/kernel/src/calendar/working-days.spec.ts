import { addDays, addMonths, addWeeks, dayOfWeek, daysBetween, isCalendarDate, toAmsterdamDate } from './calendar-date';
import { defaultDutchWorkingDayCalendar, dutchHolidays, isLustrumYear, nonWorkingHolidays } from './dutch-holidays';
import type { DutchHolidayKey, WorkingDayCalendarConfig } from './dutch-holidays';
import { addWorkingDays, isWorkingDay, workingDaysBetween, workingDaysLeft } from './working-days';

describe('Dutch working-day calendar', () => {
  describe('public holidays are not working days', () => {
    it.each([
      ['2026-01-01', "New Year's Day (Thursday)"],
      ['2026-04-06', 'Easter Monday'],
      ['2025-04-21', 'Easter Monday'],
      ['2026-04-27', "King's Day on a Monday"],
      ['2026-05-14', 'Ascension Day'],
      ['2026-05-25', 'Whit Monday'],
      ['2025-12-25', 'Christmas Day'],
      ['2025-12-26', 'Boxing Day'],
      ['2025-05-05', 'Liberation Day in a lustrum year (2025)'],
    ])('%s (%s)', (date) => {
      expect(dayOfWeek(date)).not.toBe(0);
      expect(dayOfWeek(date)).not.toBe(6);
      expect(isWorkingDay(date)).toBe(false);
    });
  });

  it('treats ordinary weekdays as working days and weekends as not', () => {
    expect(isWorkingDay('2026-03-10')).toBe(true); // Tuesday
    expect(isWorkingDay('2026-03-14')).toBe(false); // Saturday
    expect(isWorkingDay('2026-03-15')).toBe(false); // Sunday
  });

  it("moves King's Day to Saturday 26 April when 27 April is a Sunday (2025), leaving Monday a working day", () => {
    expect(dayOfWeek('2025-04-27')).toBe(0);
    const kingsDay = dutchHolidays(2025).find((holiday) => holiday.key === 'kings-day');
    expect(kingsDay?.date).toBe('2025-04-26');
    expect(isWorkingDay('2025-04-28')).toBe(true);
  });

  it("keeps Queen's Day on 30 April before 2014", () => {
    expect(dutchHolidays(2013).find((holiday) => holiday.key === 'kings-day')?.date).toBe('2013-04-30');
    expect(isWorkingDay('2013-04-30')).toBe(false);
  });

  it('counts Liberation Day as a working day outside lustrum years, and Good Friday always by default', () => {
    expect(isLustrumYear(2025)).toBe(true);
    expect(isLustrumYear(2030)).toBe(true);
    expect(isLustrumYear(2026)).toBe(false);
    expect(isWorkingDay('2026-05-05')).toBe(true); // Tuesday, not a lustrum year
    expect(isWorkingDay('2025-04-18')).toBe(true); // Good Friday
  });

  it('is configurable per region', () => {
    const everyYear: WorkingDayCalendarConfig = { ...defaultDutchWorkingDayCalendar, liberationDay: 'every-year' };
    const never: WorkingDayCalendarConfig = { ...defaultDutchWorkingDayCalendar, liberationDay: 'never' };
    const withGoodFriday: WorkingDayCalendarConfig = {
      ...defaultDutchWorkingDayCalendar,
      excludedHolidays: [...defaultDutchWorkingDayCalendar.excludedHolidays, 'good-friday'],
    };
    const withClosingDay: WorkingDayCalendarConfig = { ...defaultDutchWorkingDayCalendar, extraClosedDates: ['2026-03-10'] };
    expect(isWorkingDay('2026-05-05', everyYear)).toBe(false);
    expect(isWorkingDay('2025-05-05', never)).toBe(true);
    expect(isWorkingDay('2025-04-18', withGoodFriday)).toBe(false);
    expect(isWorkingDay('2026-03-10', withClosingDay)).toBe(false);
    expect(isWorkingDay('2026-03-11', withClosingDay)).toBe(true);
  });

  it('resolves every holiday key from date-holidays for 1990-2060 (guards against renamed rules)', () => {
    const expected: DutchHolidayKey[] = [
      'new-years-day',
      'good-friday',
      'easter-sunday',
      'easter-monday',
      'kings-day',
      'liberation-day',
      'ascension-day',
      'whit-sunday',
      'whit-monday',
      'christmas-day',
      'boxing-day',
    ];
    for (let year = 1990; year <= 2060; year += 1) {
      expect(
        dutchHolidays(year)
          .map((holiday) => holiday.key)
          .sort(),
      ).toEqual([...expected].sort());
    }
    expect(nonWorkingHolidays(2026).map((holiday) => holiday.key)).not.toContain('liberation-day');
    expect(nonWorkingHolidays(2030).map((holiday) => holiday.key)).toContain('liberation-day');
  });

  describe('addWorkingDays: the 5-working-day safety assessment deadline', () => {
    it('skips the weekend: Monday + 5 = next Monday, Friday + 5 = next Friday', () => {
      expect(addWorkingDays('2026-03-09', 5)).toBe('2026-03-16');
      expect(addWorkingDays('2026-03-13', 5)).toBe('2026-03-20');
    });

    it('starts counting on the next working day when the report comes in on a Saturday', () => {
      expect(addWorkingDays('2026-03-14', 5)).toBe('2026-03-20');
    });

    it('crosses Easter: Thursday 17 April 2025 + 5 skips Easter Monday (Good Friday counts)', () => {
      expect(addWorkingDays('2025-04-17', 5)).toBe('2025-04-25');
      const withGoodFriday: WorkingDayCalendarConfig = {
        ...defaultDutchWorkingDayCalendar,
        excludedHolidays: [...defaultDutchWorkingDayCalendar.excludedHolidays, 'good-friday'],
      };
      expect(addWorkingDays('2025-04-17', 5, withGoodFriday)).toBe('2025-04-28');
    });

    it('crosses Christmas and New Year: Tuesday 23 December 2025 + 5 = Friday 2 January 2026', () => {
      expect(addWorkingDays('2025-12-23', 5)).toBe('2026-01-02');
    });

    it("crosses King's Day and Liberation Day in a lustrum year", () => {
      // 2026: King's Day Monday 27 April is skipped.
      expect(addWorkingDays('2026-04-23', 5)).toBe('2026-05-01');
      // 2025: Liberation Day Monday 5 May is skipped; in 2026 (not a lustrum year) it counts.
      expect(addWorkingDays('2025-05-02', 1)).toBe('2025-05-06');
      expect(addWorkingDays('2026-05-04', 1)).toBe('2026-05-05');
    });

    it('returns the same date for 0 and rejects negative or fractional counts', () => {
      expect(addWorkingDays('2025-12-25', 0)).toBe('2025-12-25');
      expect(() => addWorkingDays('2026-01-05', -1)).toThrow(RangeError);
      expect(() => addWorkingDays('2026-01-05', 1.5)).toThrow(RangeError);
    });

    it('agrees with counting day by day through 20 years of dates', () => {
      const config = defaultDutchWorkingDayCalendar;
      const byDay = (start: string, n: number): string => {
        let current = start;
        for (let remaining = n; remaining > 0;) {
          current = addDays(current, 1);
          if (isWorkingDay(current, config)) remaining -= 1;
        }
        return current;
      };
      for (let start = '2006-01-01'; start < '2026-12-31'; start = addDays(start, 13)) {
        for (const n of [1, 5, 10, 50]) {
          const due = addWorkingDays(start, n);
          expect([start, n, due]).toEqual([start, n, byDay(start, n)]);
          expect(workingDaysBetween(start, due)).toBe(n);
        }
      }
    });

    it('is consistent with workingDaysBetween', () => {
      for (const start of ['2025-04-15', '2025-12-20', '2026-04-24', '2026-05-01']) {
        for (let n = 0; n <= 12; n += 1) {
          expect(workingDaysBetween(start, addWorkingDays(start, n))).toBe(n);
        }
      }
    });

    it('counts working days left as 0 on the due date and negative once overdue, skipping weekends and holidays', () => {
      // Thursday 2026-04-23 to Tuesday 2026-04-28: Friday, Monday (King's Day is Monday 27 April), Tuesday.
      expect(workingDaysLeft('2026-04-23', '2026-04-28')).toBe(2);
      expect(workingDaysLeft('2026-04-28', '2026-04-28')).toBe(0);
      // Due on Friday 2026-04-24, read on Wednesday 2026-04-29: Monday is a holiday, so two working days late.
      expect(workingDaysLeft('2026-04-29', '2026-04-24')).toBe(-2);
    });
  });

  describe('calendar dates', () => {
    it('takes the Amsterdam date of an instant, not the UTC date', () => {
      expect(toAmsterdamDate(new Date('2025-04-17T22:30:00Z'))).toBe('2025-04-18'); // CEST
      expect(toAmsterdamDate(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01'); // CET
      expect(toAmsterdamDate(new Date('2025-12-31T22:30:00Z'))).toBe('2025-12-31');
    });

    it('gives the same date as formatting each instant, around midnight and clock changes too', () => {
      const direct = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });
      // Each minute around the 2026 clock changes and an ordinary midnight, in a shuffled order so
      // an hour's cached date is looked up from instants all over that hour.
      const starts = ['2026-03-28T20:00:00Z', '2026-10-24T20:00:00Z', '2026-06-10T20:00:00Z'].map((iso) => Date.parse(iso));
      const instants = starts.flatMap((start) =>
        Array.from({ length: 8 * 60 }, (_, minute) => start + minute * 60_000 + 59_999 * (minute % 2)),
      );
      instants.sort((a, b) => ((a * 7919) % 1009) - ((b * 7919) % 1009));
      for (const instant of instants) expect(toAmsterdamDate(new Date(instant))).toBe(direct.format(new Date(instant)));
    });

    it('gives the same date as formatting at the edges of every UTC hour from 1975 to 2045', () => {
      const direct = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });
      const mismatches: string[] = [];
      // The evening hours, where the Amsterdam date turns, and the night hours of the clock changes.
      for (let hour = Date.UTC(1975, 0, 1) / 3_600_000; hour < Date.UTC(2045, 0, 1) / 3_600_000; hour += 1) {
        const hourOfDay = hour % 24;
        if (hourOfDay > 2 && hourOfDay < 21) continue;
        for (const instant of [hour * 3_600_000, hour * 3_600_000 + 3_599_999]) {
          const expected = direct.format(new Date(instant));
          if (toAmsterdamDate(new Date(instant)) !== expected) mismatches.push(new Date(instant).toISOString());
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('adds weeks and months, clamping to the end of a shorter month', () => {
      expect(addWeeks('2026-03-09', 10)).toBe('2026-05-18');
      expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
      expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
      expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
      expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
      expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
      expect(daysBetween('2025-12-30', '2026-01-02')).toBe(3);
    });

    it('validates dates', () => {
      expect(isCalendarDate('2025-02-29')).toBe(false);
      expect(isCalendarDate('2024-02-29')).toBe(true);
      expect(isCalendarDate('2024-2-9')).toBe(false);
      expect(() => addDays('31-12-2025', 1)).toThrow(RangeError);
    });

    it('accepts exactly the dates that exist, from the year 100 on', () => {
      const exists = (text: string): boolean => {
        const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
        if (!match) return false;
        const [year, month, day] = match.slice(1).map(Number);
        const date = new Date(Date.UTC(year, month - 1, day));
        return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
      };
      const candidates: string[] = [
        '',
        '2025-1-01',
        '2025-01-1 ',
        ' 2025-01-01',
        '2025/01/01',
        '２０２５-01-01',
        '2025-01-0a',
        '0099-01-01',
      ];
      for (const year of [100, 1582, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9999])
        for (let month = 0; month <= 13; month += 1)
          for (let day = 0; day <= 32; day += 1)
            candidates.push(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
      for (const candidate of candidates) expect([candidate, isCalendarDate(candidate)]).toEqual([candidate, exists(candidate)]);
    });
  });
});
