import Holidays from 'date-holidays';
import type { CalendarDate } from './calendar-date';

export type DutchHolidayKey =
  | 'new-years-day'
  | 'good-friday'
  | 'easter-sunday'
  | 'easter-monday'
  | 'kings-day'
  | 'liberation-day'
  | 'ascension-day'
  | 'whit-sunday'
  | 'whit-monday'
  | 'christmas-day'
  | 'boxing-day';

export type LiberationDayPolicy = 'never' | 'lustrum-years' | 'every-year';

/**
 * Which days do not count as working days for legal deadlines. Configurable per region because
 * collective agreements differ: Good Friday and Liberation Day are not generally paid days off in
 * the Netherlands, but Liberation Day is in lustrum years (2025, 2030, ...) under most CAOs.
 */
export type WorkingDayCalendarConfig = {
  /** Holidays (except Liberation Day, see `liberationDay`) that are not working days. */
  excludedHolidays: readonly Exclude<DutchHolidayKey, 'liberation-day'>[];
  liberationDay: LiberationDayPolicy;
  /** Extra non-working dates of a region, e.g. a collective closing day. */
  extraClosedDates?: readonly CalendarDate[];
};

export const defaultDutchWorkingDayCalendar: WorkingDayCalendarConfig = {
  excludedHolidays: [
    'new-years-day',
    'easter-sunday',
    'easter-monday',
    'kings-day',
    'ascension-day',
    'whit-sunday',
    'whit-monday',
    'christmas-day',
    'boxing-day',
  ],
  liberationDay: 'lustrum-years',
  extraClosedDates: [],
};

export type DutchHoliday = {
  date: CalendarDate;
  key: DutchHolidayKey;
  /** Dutch name as date-holidays spells it, for display. */
  name: string;
};

/**
 * date-holidays names holidays by language-dependent text; its rules are stable identifiers
 * (King's Day: `04-27 if sunday then previous saturday since 2014`, Queen's Day before 2014:
 * `04-30 ...`). The spec test checks every key resolves across decades, so a library update that
 * renames a rule fails loudly instead of silently dropping a holiday.
 */
const keyOfRule = (rule: string): DutchHolidayKey | undefined => {
  if (rule === '01-01') return 'new-years-day';
  if (rule === 'easter -2') return 'good-friday';
  if (rule === 'easter') return 'easter-sunday';
  if (rule === 'easter 1') return 'easter-monday';
  if (rule.startsWith('04-27') || rule.startsWith('04-30')) return 'kings-day';
  if (rule === '05-05') return 'liberation-day';
  if (rule === 'easter 39') return 'ascension-day';
  if (rule === 'easter 49') return 'whit-sunday';
  if (rule === 'easter 50') return 'whit-monday';
  if (rule === '12-25') return 'christmas-day';
  if (rule === '12-26') return 'boxing-day';
  return undefined;
};

let source: Holidays | undefined;
const holidaysByYear = new Map<number, readonly DutchHoliday[]>();

/** All Dutch holidays of a year that the calendar knows by key (public, school and observed alike). */
export const dutchHolidays = (year: number): readonly DutchHoliday[] => {
  const cached = holidaysByYear.get(year);
  if (cached) return cached;
  source ??= new Holidays('NL', { languages: ['nl'], timezone: 'Europe/Amsterdam' });
  const found: DutchHoliday[] = [];
  for (const holiday of source.getHolidays(year, 'nl')) {
    const key = keyOfRule(holiday.rule);
    if (key && !holiday.substitute) found.push({ date: holiday.date.slice(0, 10), key, name: holiday.name });
  }
  holidaysByYear.set(year, found);
  return found;
};

/** Lustrum years: 1945 + a multiple of 5 (2025, 2030, ...). */
export const isLustrumYear = (year: number): boolean => (year - 1945) % 5 === 0;

/** The holidays that are non-working days under `config` in a year. */
export const nonWorkingHolidays = (
  year: number,
  config: WorkingDayCalendarConfig = defaultDutchWorkingDayCalendar,
): readonly DutchHoliday[] =>
  dutchHolidays(year).filter((holiday) => {
    if (holiday.key === 'liberation-day') {
      return config.liberationDay === 'every-year' || (config.liberationDay === 'lustrum-years' && isLustrumYear(year));
    }
    return config.excludedHolidays.includes(holiday.key);
  });
