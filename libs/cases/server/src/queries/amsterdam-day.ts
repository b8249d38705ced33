import type { CalendarDate } from '@ketenregie/kernel';
import { addDays, dayOfWeek, toAmsterdamDate } from '@ketenregie/kernel';

/**
 * The instant an Amsterdam calendar day begins. Amsterdam is UTC+1 or UTC+2 and changes clocks at
 * 02:00/03:00, so midnight exists exactly once and is one of these two instants.
 */
export const startOfAmsterdamDay = (date: CalendarDate): Date => {
  const [year, month, day] = date.split('-').map(Number);
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(Date.UTC(year, month - 1, day) - offsetHours * 3_600_000);
    if (toAmsterdamDate(candidate) === date && toAmsterdamDate(new Date(candidate.getTime() - 1)) !== date) return candidate;
  }
  throw new RangeError(`No Amsterdam midnight found for ${date}`);
};

/** The first instant after the given Amsterdam day: "as it was on date D" includes all of D. */
export const endOfAmsterdamDay = (date: CalendarDate): Date => startOfAmsterdamDay(addDays(date, 1));

export const amsterdamToday = (now: Date = new Date()): CalendarDate => toAmsterdamDate(now);

/** Sunday of the ISO week `date` falls in: "due this week" runs to the end of it. */
export const endOfWeek = (date: CalendarDate): CalendarDate => addDays(date, (7 - dayOfWeek(date)) % 7);
