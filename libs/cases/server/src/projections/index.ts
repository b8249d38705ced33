import type { Projection } from '@ketenregie/event-store';
import { caseRegisterProjection } from './case-register.projection';
import { caseTimelineProjection } from './case-timeline.projection';
import { caseDeadlinesProjection } from '../deadlines/case-deadlines.projection';
import { caseFeedbackProjection } from '../case-feedback/case-feedback.projection';

export * from './case-events';
export * from './case-record';
export * from './case-summaries';
export * from './family-index-rows';
export * from './case-rappel-rows';
export * from './case-open-work';
export * from './case-register.projection';
export * from './case-timeline.projection';
export * from './timeline-summary';
export * from './testing/decided-case-history';

/** The cases context's read models; the app registers them with its projection runner. */
export const casesProjections: Projection[] = [
  caseRegisterProjection,
  caseTimelineProjection,
  caseDeadlinesProjection,
  caseFeedbackProjection,
];
