/**
 * ISO weeks (Monday to Sunday, week 1 holds the year's first Thursday), as Dutch planners count
 * them. The week travels in the URL as `2026-W49`, so a link or the back button opens the same week.
 */
export type Week = { year: number; week: number };

const dayMs = 86_400_000;

const toDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const fromDay = (day: string): number => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));

export const addDays = (day: string, days: number): string => toDay(fromDay(day) + days * dayMs);

/** 1 for Monday … 7 for Sunday. */
const isoWeekday = (day: string): number => ((new Date(fromDay(day)).getUTCDay() + 6) % 7) + 1;

export const weekOf = (day: string): Week => {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((fromDay(thursday) - Date.UTC(year, 0, 1)) / dayMs / 7) + 1;
  return { year, week };
};

export const mondayOf = ({ year, week }: Week): string => {
  const january4 = toDay(Date.UTC(year, 0, 4));
  return addDays(january4, (week - 1) * 7 - (isoWeekday(january4) - 1));
};

export const weekParam = ({ year, week }: Week): string => `${year}-W${String(week).padStart(2, '0')}`;

/** The week a `?week=` value names; anything else (missing, mistyped, week 54) gives `undefined`. */
export const parseWeek = (value: string | null): Week | undefined => {
  const match = /^(\d{4})-W(\d{2})$/.exec(value ?? '');
  if (!match) return undefined;
  const candidate = { year: Number(match[1]), week: Number(match[2]) };
  if (candidate.week < 1) return undefined;
  const monday = mondayOf(candidate);
  const back = weekOf(monday);
  return back.year === candidate.year && back.week === candidate.week ? candidate : undefined;
};

export const shiftWeek = (week: Week, by: number): Week => weekOf(addDays(mondayOf(week), by * 7));

/** The seven days of the week, Monday first. */
export const daysOf = (week: Week): string[] => {
  const monday = mondayOf(week);
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
};
