/**
 * A calendar date (`YYYY-MM-DD`) in the Europe/Amsterdam calendar.
 *
 * Legal deadlines (5 working days for a safety assessment, 10 weeks for an investigation) are
 * counted in days, not hours: a report received on Friday at 23:30 counts from that Friday in
 * Amsterdam, even though it is already Saturday in UTC. Keeping deadlines as dates, not instants,
 * avoids off-by-one days around midnight and daylight-saving changes, and a date stored in an
 * event means the same thing on every server whatever its time zone.
 */
export type CalendarDate = string;

export const AMSTERDAM_TIME_ZONE = 'Europe/Amsterdam';

const amsterdamFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: AMSTERDAM_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;

/**
 * `YYYY-MM-DD` naming a day that exists, from the year 100 on. Checked character by character:
 * date arithmetic checks every date it is given, and deadline counting does that once per day.
 */
export const isCalendarDate = (value: string): boolean => {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  for (const index of [0, 1, 2, 3, 5, 6, 8, 9]) if (!isDigit(value.charCodeAt(index))) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  // Years 0-99 are read as 1900-1999 by `Date.UTC`, so they cannot take part in the arithmetic.
  return year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
};

const parts = (date: CalendarDate): [number, number, number] => {
  if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
};

const pad = (value: number, length = 2): string => String(value).padStart(length, '0');

/** Date arithmetic runs on UTC midnights: pure day counting, no daylight-saving surprises. */
const toUtc = (date: CalendarDate): Date => {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d));
};

const fromUtc = (date: Date): CalendarDate => `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;

const msPerDay = 86_400_000;

/** Days since 1970-01-01 of a calendar date: a number to step through days with, no text or `Date` per day. */
export const dayNumberOf = (date: CalendarDate): number => toUtc(date).getTime() / msPerDay;

/** The calendar date of a `dayNumberOf` result. */
export const dateOfDayNumber = (dayNumber: number): CalendarDate => fromUtc(new Date(dayNumber * msPerDay));

/** 0 = Sunday ... 6 = Saturday, of a `dayNumberOf` result (1970-01-01 was a Thursday). */
export const dayOfWeekOfDayNumber = (dayNumber: number): number => (((dayNumber + 4) % 7) + 7) % 7;

const amsterdamDateByUtcHour = new Map<number, CalendarDate>();

const formattedAmsterdamDate = (instant: Date): CalendarDate => {
  // Amsterdam's midnight and its clock changes all fall on whole UTC hours, so every instant of
  // one UTC hour has the same Amsterdam date. Formatting is slow enough to show up per request.
  const hour = Math.floor(instant.getTime() / 3_600_000);
  const known = amsterdamDateByUtcHour.get(hour);
  if (known !== undefined) return known;
  const found = Object.fromEntries(amsterdamFormatter.formatToParts(instant).map((part) => [part.type, part.value])) as Record<
    string,
    string
  >;
  const date = `${found.year}-${found.month}-${found.day}`;
  if (amsterdamDateByUtcHour.size >= 10_000) amsterdamDateByUtcHour.clear();
  amsterdamDateByUtcHour.set(hour, date);
  return date;
};

// Since 1977 Amsterdam is one hour ahead of UTC, or two in summer time.
const oneOrTwoHoursAheadSince = Date.UTC(1977, 0, 1);

/** The Amsterdam calendar date of an instant (e.g. the `now` of a command). */
export const toAmsterdamDate = (instant: Date): CalendarDate => {
  const time = instant.getTime();
  if (!(time >= oneOrTwoHoursAheadSince)) return formattedAmsterdamDate(instant);
  // One or two hours ahead: until 22:00 UTC it is the same date in Amsterdam, from 23:00 the
  // next; only the hour in between depends on summer time. An archive spread over 20 years
  // otherwise asked the formatter for nearly every event, its hours far too many to keep.
  const utcDay = Math.floor(time / msPerDay);
  const hourOfDay = Math.floor((time - utcDay * msPerDay) / 3_600_000);
  if (hourOfDay < 22) return dateOfDayNumber(utcDay);
  if (hourOfDay === 23) return dateOfDayNumber(utcDay + 1);
  return formattedAmsterdamDate(instant);
};

export const yearOf = (date: CalendarDate): number => parts(date)[0];

/** 0 = Sunday ... 6 = Saturday. */
export const dayOfWeek = (date: CalendarDate): number => toUtc(date).getUTCDay();

export const isWeekend = (date: CalendarDate): boolean => {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
};

export const addDays = (date: CalendarDate, days: number): CalendarDate => {
  const utc = toUtc(date);
  utc.setUTCDate(utc.getUTCDate() + days);
  return fromUtc(utc);
};

export const addWeeks = (date: CalendarDate, weeks: number): CalendarDate => addDays(date, weeks * 7);

/**
 * Adds calendar months; a day that does not exist in the target month falls back to that month's
 * last day (31 January + 1 month = 28/29 February), the reading of "within three months" in Dutch
 * administrative law (Awb art. 1:7 counts to the same day, or the last day when it is missing).
 */
export const addMonths = (date: CalendarDate, months: number): CalendarDate => {
  const [y, m, d] = parts(date);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return fromUtc(target);
};

export const compareDates = (a: CalendarDate, b: CalendarDate): number => (a < b ? -1 : a > b ? 1 : 0);

export const isBefore = (a: CalendarDate, b: CalendarDate): boolean => compareDates(a, b) < 0;

export const isAfter = (a: CalendarDate, b: CalendarDate): boolean => compareDates(a, b) > 0;

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: CalendarDate, to: CalendarDate): number =>
  Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
