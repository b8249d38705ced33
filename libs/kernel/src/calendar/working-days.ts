import { dateOfDayNumber, dayNumberOf, dayOfWeekOfDayNumber, isWeekend, yearOf } from './calendar-date';
import type { CalendarDate } from './calendar-date';
import { defaultDutchWorkingDayCalendar, nonWorkingHolidays } from './dutch-holidays';
import type { WorkingDayCalendarConfig } from './dutch-holidays';

// Configs are usually long-lived region objects; caching per object keeps deadline math O(1) per day.
const closedDatesCache = new WeakMap<WorkingDayCalendarConfig, Map<number, ReadonlySet<CalendarDate>>>();

const closedDates = (year: number, config: WorkingDayCalendarConfig): ReadonlySet<CalendarDate> => {
  let byYear = closedDatesCache.get(config);
  if (!byYear) {
    byYear = new Map();
    closedDatesCache.set(config, byYear);
  }
  let dates = byYear.get(year);
  if (!dates) {
    dates = new Set([
      ...nonWorkingHolidays(year, config).map((holiday) => holiday.date),
      ...(config.extraClosedDates ?? []).filter((date) => yearOf(date) === year),
    ]);
    byYear.set(year, dates);
  }
  return dates;
};

export const isWorkingDay = (date: CalendarDate, config: WorkingDayCalendarConfig = defaultDutchWorkingDayCalendar): boolean =>
  !isWeekend(date) && !closedDates(yearOf(date), config).has(date);

/**
 * Counts working days by day number: only the days that fall on a weekday are written out as
 * dates, to look them up among the holidays. A 10-week deadline steps through 70 days.
 */
const isWorkingDayNumber = (dayNumber: number, config: WorkingDayCalendarConfig): boolean => {
  const weekday = dayOfWeekOfDayNumber(dayNumber);
  if (weekday === 0 || weekday === 6) return false;
  const date = dateOfDayNumber(dayNumber);
  return !closedDates(yearOf(date), config).has(date);
};

/**
 * The date `n` working days after `date`; `date` itself never counts, so a report received on
 * Monday has its 5-working-day assessment due the next Monday. Counting starts after the day of
 * receipt even when that is a weekend or holiday (the first following working day is day 1).
 */
export const addWorkingDays = (
  date: CalendarDate,
  n: number,
  config: WorkingDayCalendarConfig = defaultDutchWorkingDayCalendar,
): CalendarDate => {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Working days must be a non-negative integer: ${n}`);
  if (n === 0) return date;
  let current = dayNumberOf(date);
  let remaining = n;
  while (remaining > 0) {
    current += 1;
    if (isWorkingDayNumber(current, config)) remaining -= 1;
  }
  return dateOfDayNumber(current);
};

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export const workingDaysBetween = (
  from: CalendarDate,
  to: CalendarDate,
  config: WorkingDayCalendarConfig = defaultDutchWorkingDayCalendar,
): number => {
  let count = 0;
  const last = dayNumberOf(to);
  for (let current = dayNumberOf(from) + 1; current <= last; current += 1) {
    if (isWorkingDayNumber(current, config)) count += 1;
  }
  return count;
};

/**
 * Working days from `today` to `dueOn`: 0 on the due date itself, positive before it, and negative
 * after it by the number of working days overdue, so a list can say "nog 2 werkdagen" or
 * "3 werkdagen te laat" in the unit the legal deadline is set in.
 */
export const workingDaysLeft = (
  today: CalendarDate,
  dueOn: CalendarDate,
  config: WorkingDayCalendarConfig = defaultDutchWorkingDayCalendar,
): number => (dueOn >= today ? workingDaysBetween(today, dueOn, config) : -workingDaysBetween(dueOn, today, config));
