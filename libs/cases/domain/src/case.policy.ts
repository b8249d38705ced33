import { defaultDutchWorkingDayCalendar } from '@ketenregie/kernel';
import type { WorkingDayCalendarConfig } from '@ketenregie/kernel';

/**
 * The rules a region may tune. Deadlines computed with it are written into events, so changing a
 * policy (or a holiday table) never rewrites the history of deadlines already set.
 */
export type CasePolicy = {
  calendar: WorkingDayCalendarConfig;
  /** Uitvoeringsbesluit Wmo 2015 art. 4.1.7: safety assessment within 5 working days of the report. */
  assessmentWorkingDays: number;
  /** Investigation at most 10 weeks. */
  investigationWeeks: number;
  /** Months after hand-over at which Veilig Thuis checks whether the family is still safe. */
  rappelOffsetsInMonths: readonly number[];
  /**
   * A Veilig Thuis region's own default, by the organisation id of that Veilig Thuis: the one
   * that owns (carries out) the rappels. Regions not listed use `rappelOffsetsInMonths`; a case's
   * own schedule overrides both.
   */
  rappelOffsetsByRegion: ReadonlyMap<string, readonly number[]>;
  /** A due rappel not done within this many working days is overdue. */
  rappelOverdueAfterWorkingDays: number;
};

export const defaultCasePolicy: CasePolicy = {
  calendar: defaultDutchWorkingDayCalendar,
  assessmentWorkingDays: 5,
  investigationWeeks: 10,
  rappelOffsetsInMonths: [3, 6, 12, 18],
  rappelOffsetsByRegion: new Map(),
  rappelOverdueAfterWorkingDays: 10,
};
