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

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const amsterdamFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: AMSTERDAM_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export const isCalendarDate = (value: string): boolean => {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
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

const amsterdamDateByUtcHour = new Map<number, CalendarDate>();

/** The Amsterdam calendar date of an instant (e.g. the `now` of a command). */
export const toAmsterdamDate = (instant: Date): CalendarDate => {
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
