import { amsterdamToday, formatDay } from '@ketenregie/platform-web';
import { t } from '../i18n/t';

/**
 * A deadline as the design brief words it: in the unit of its legal rule (working days for a safety
 * assessment or investigation, calendar days for a rappel or condition), always with the date, and
 * overdue said in words so colour is never the only signal.
 */
export type DeadlineInput = {
  dueOn: string;
  /** The last day before it is overdue, when that differs from `dueOn` (rappels). */
  deadlineOn?: string | null;
  overdue: boolean;
  /** Set for deadlines counted in working days; the server counts them with the holiday calendar. */
  workingDaysLeft?: number | null;
};

export type DeadlineWords = { relative: string; date: string; overdue: boolean; full: string };

const dayNumber = (day: string): number =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;

/** Calendar days from `today` to `day`: 0 on the day itself, negative after it. */
export const daysFromToday = (day: string, today: string = amsterdamToday()): number => Math.round(dayNumber(day) - dayNumber(today));

const counted = (count: number, one: Parameters<typeof t>[0], other: Parameters<typeof t>[0]): string =>
  count === 1 ? t(one) : t(other, { count });

export const deadlineWords = (deadline: DeadlineInput, today: string = amsterdamToday()): DeadlineWords => {
  const last = deadline.deadlineOn ?? deadline.dueOn;
  const workingDays = deadline.workingDaysLeft !== undefined && deadline.workingDaysLeft !== null;
  const left = workingDays ? (deadline.workingDaysLeft as number) : daysFromToday(last, today);
  const overdue = deadline.overdue || left < 0;
  let relative: string;
  if (overdue) {
    const late = Math.max(1, -left);
    relative = workingDays
      ? counted(late, 'deadline.workingDaysLate.one', 'deadline.workingDaysLate.other')
      : counted(late, 'deadline.daysLate.one', 'deadline.daysLate.other');
  } else if (left === 0) {
    relative = t('deadline.today');
  } else {
    relative = workingDays
      ? counted(left, 'deadline.workingDaysLeft.one', 'deadline.workingDaysLeft.other')
      : counted(left, 'deadline.daysLeft.one', 'deadline.daysLeft.other');
  }
  const date = formatDay(last, { weekday: true });
  return { relative, date, overdue, full: `${relative} (${t('deadline.byDate', { date })})` };
};

/** Sort key: most overdue first, then the nearest due date; no deadline last. */
export const deadlineUrgency = (deadline: DeadlineInput | undefined, today: string = amsterdamToday()): number => {
  if (!deadline) return Number.POSITIVE_INFINITY;
  const words = deadline.workingDaysLeft ?? daysFromToday(deadline.deadlineOn ?? deadline.dueOn, today);
  return deadline.overdue ? Math.min(words, -1) : words;
};
