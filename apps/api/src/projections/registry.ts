import type { Projection } from '@ketenregie/event-store';
import { eventStatisticsProjection } from '@ketenregie/event-store';
import { casesProjections } from '@ketenregie/cases-server';
import { feedbackOutboxProjection, portalReportsProjection } from '@ketenregie/feedback-server';

/** Every read model this process keeps up to date. Contexts add theirs here. */
export const projections: Projection[] = [
  eventStatisticsProjection,
  ...casesProjections,
  feedbackOutboxProjection,
  portalReportsProjection,
];
