import type { CaseDetail } from '@ketenregie/contracts';
import { Heading1, Paragraph, StatusBadge } from '@ketenregie/ui';
import { useEffect, useRef } from 'react';
import { DeadlineText } from '../shared/deadline-text';
import { deadlineUrgency } from '../shared/deadline';
import { directorLabel, openDeadlineKindLabel, phaseLabel, receiverLabel, statusLabel } from '../shared/labels';
import { t } from './i18n/t';

/** The deadline that needs attention first: most overdue, else the nearest. */
const firstDeadline = (detail: CaseDetail) =>
  [...detail.openDeadlines].sort((a, b) => deadlineUrgency(a, detail.asOf) - deadlineUrgency(b, detail.asOf))[0];

/**
 * Who the family is, where the case stands and who directs it: on every view of the case, the
 * as-of view included, so nobody acts without knowing who is accountable.
 */
export const CaseHeader = ({ detail }: { detail: CaseDetail }) => {
  const heading = useRef<HTMLHeadingElement>(null);
  const { caseId } = detail;
  // Focus lands on the H1 once the case has loaded, so a screen reader starts at the family's name;
  // not when the user already moved focus somewhere on the page.
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || active.id === 'main' || active.tagName === 'H1') heading.current?.focus();
  }, [caseId]);
  const deadline = firstDeadline(detail);
  const pending = detail.pendingHandover;
  return (
    <header className="ketenregie-case-header">
      <Heading1 ref={heading} tabIndex={-1}>
        {detail.familyLabel}
      </Heading1>
      <div className="ketenregie-case-header__facts">
        {/* Named like the facts beside it: a bare badge would leave a screen reader to guess what the word is. */}
        <span>
          {t('header.status')}: <StatusBadge>{statusLabel(detail.status)}</StatusBadge>
        </span>
        <span>
          {t('header.phase')}: {phaseLabel(detail.phase)}
        </span>
        <span>
          {t('header.municipality')}: {detail.municipality}
        </span>
      </div>
      <Paragraph className="ketenregie-case-header__director">
        {t('header.directorLine', { director: directorLabel(detail.director) })}
      </Paragraph>
      {pending ? (
        <Paragraph className="ketenregie-case-header__handover">
          {t('header.handoverTo', { receiver: receiverLabel(pending.to) })}{' '}
          {t('header.staysDirector', { person: detail.director.person.name })}
        </Paragraph>
      ) : null}
      <Paragraph className="ketenregie-case-header__deadline">
        {deadline ? <DeadlineText deadline={deadline} label={openDeadlineKindLabel(deadline.kind)} /> : t('header.noDeadline')}
      </Paragraph>
    </header>
  );
};
