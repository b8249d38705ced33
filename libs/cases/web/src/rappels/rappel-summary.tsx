import type { RappelPlannerItem } from '@ketenregie/contracts';
import { formatDay } from '@ketenregie/platform-web';
import { StatusBadge } from '@ketenregie/ui';
import { Link as RouterLink } from 'react-router-dom';
import { DeadlineText } from '../shared/deadline-text';
import { directorLabel } from '../shared/labels';
import { t } from './i18n/t';

export const familyLinkId = (item: RappelPlannerItem): string => `rappel-${item.caseId}-${item.rappel.rappelId}-family`;

/** The family: the one link of a row or card, to the case page. */
export const FamilyLink = ({ item }: { item: RappelPlannerItem }) => (
  <RouterLink id={familyLinkId(item)} className="utrecht-link" to={`/casussen/${encodeURIComponent(item.caseId)}`}>
    {item.familyLabel}
  </RouterLink>
);

/** Due date, and for an open rappel how long is left up to its last day ("Te laat" in words when passed). */
export const RappelDue = ({ item }: { item: RappelPlannerItem }) => (
  <>
    <span className="ketenregie-block">{t('planner.rappelOn', { date: formatDay(item.rappel.dueOn, { weekday: true }) })}</span>
    {item.rappel.status === 'completed' ? null : (
      <DeadlineText deadline={{ dueOn: item.rappel.dueOn, deadlineOn: item.rappel.deadlineOn, overdue: item.rappel.overdue }} />
    )}
  </>
);

/**
 * The outcome, and what it did to the case: after "Onveilig" the row says at once that the case
 * was escalated and who directs it now, read from the case as it is, not from what was sent.
 */
export const RappelOutcome = ({ item }: { item: RappelPlannerItem }) => {
  const { outcome } = item.rappel;
  if (!outcome) return <>{t('planner.outcomeOpen')}</>;
  return (
    <>
      <StatusBadge status={outcome === 'unsafe' ? 'danger' : outcome === 'concerns' ? 'warning' : 'safe'}>
        {t(`planner.outcome.${outcome}`)}
      </StatusBadge>
      {item.status === 'escalated' ? (
        <span className="ketenregie-block ketenregie-escalated">{t('planner.escalated', { director: directorLabel(item.director) })}</span>
      ) : null}
    </>
  );
};
