import type { CaseDetail } from '@ketenregie/contracts';
import { Paragraph } from '@ketenregie/ui';
import { t } from '../i18n/t';

export type CaseActionsProps = { detail: CaseDetail; etag: string | undefined; readOnly: boolean };

/**
 * The actions the case detail offers the user, each with whether it can be done now and, if not,
 * why. Read-only (history, or while nothing may change) it says that actions are off.
 */
export const CaseActions = ({ detail, readOnly }: CaseActionsProps) => {
  if (readOnly) return <Paragraph className="ketenregie-case-actions">{t('actions.readOnly')}</Paragraph>;
  if (detail.actions.length === 0) return <Paragraph className="ketenregie-case-actions">{t('actions.none')}</Paragraph>;
  return (
    <section className="ketenregie-case-actions" aria-label={t('actions.title')}>
      <ul>
        {detail.actions.map((action) => (
          <li key={`${action.action}-${Object.values(action.target ?? {}).join('-')}`}>
            {t(`action.${action.action}`)}: {action.allowed ? t('actions.allowed') : t('actions.refused', { reason: action.reason })}
          </li>
        ))}
      </ul>
    </section>
  );
};
