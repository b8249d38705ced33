import { t } from '../i18n/t';
import type { DeadlineInput } from './deadline';
import { deadlineWords } from './deadline';

/**
 * "nog 2 werkdagen (uiterlijk do 12 maart 2026)"; overdue work carries the word "Te laat" in a badge
 * as well as its colour, so it stands out without relying on colour.
 */
export const DeadlineText = ({ deadline, label }: { deadline: DeadlineInput; label?: string }) => {
  const words = deadlineWords(deadline);
  return (
    <span className={words.overdue ? 'ketenregie-deadline ketenregie-deadline--overdue' : 'ketenregie-deadline'}>
      {words.overdue && <span className="utrecht-badge-status ketenregie-overdue-badge">{t('deadline.overdueMarker')}</span>}{' '}
      {label && <>{label}: </>}
      {words.relative} <span className="ketenregie-deadline__date">({t('deadline.byDate', { date: words.date })})</span>
    </span>
  );
};
