import type { CaseDetail } from '@ketenregie/contracts';
import { Alert, Button, Paragraph } from '@ketenregie/ui';
import { useEffect, useRef } from 'react';
import { directorLabel, phaseLabel, receiverLabel, statusLabel } from '../../shared/labels';
import { t } from './i18n/t';
import type { CaseCommand, SeenState } from './use-case-command';
import { refusalText } from './use-case-command';

/** What changed between the state the user decided on and the case now, in words. */
export const changesSince = (seen: SeenState, now: SeenState): string[] => {
  const changes: string[] = [];
  if (seen.status !== now.status)
    changes.push(t('error.changedStatus', { before: statusLabel(seen.status), after: statusLabel(now.status) }));
  if (seen.phase !== now.phase) changes.push(t('error.changedPhase', { before: phaseLabel(seen.phase), after: phaseLabel(now.phase) }));
  const before = directorLabel(seen.director);
  const after = directorLabel(now.director);
  if (before !== after) changes.push(t('error.changedDirector', { before, after }));
  if (now.pendingHandover && now.pendingHandover.handoverId !== seen.pendingHandover?.handoverId)
    changes.push(t('error.changedHandoverNew', { receiver: receiverLabel(now.pendingHandover.to) }));
  else if (!now.pendingHandover && seen.pendingHandover) changes.push(t('error.changedHandoverGone'));
  if (JSON.stringify(seen.plan) !== JSON.stringify(now.plan)) changes.push(t('error.changedPlan'));
  if (JSON.stringify(seen.rappels) !== JSON.stringify(now.rappels)) changes.push(t('error.changedRappels'));
  if (changes.length === 0) changes.push(t('error.changedOther'));
  return changes;
};

/**
 * The answer to a command that did not go through, inside the dialog so the input stays: a 412 with
 * the new state and a way to redo it, any other refusal with the API's own words.
 */
export const CommandFeedback = ({ command, detail }: { command: CaseCommand; detail: CaseDetail }) => {
  const ref = useRef<HTMLDivElement>(null);
  const { conflict, failure } = command;
  const shown = Boolean(conflict) || Boolean(failure);
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown, failure]);
  if (!shown) return null;
  return (
    <div ref={ref} tabIndex={-1} className="ketenregie-command-feedback">
      {conflict ? (
        <Alert type="warning">
          <Paragraph>
            <strong>{t('error.conflict')}</strong>
          </Paragraph>
          {command.conflictLoading ? (
            <Paragraph aria-busy="true">{t('error.conflictLoading')}</Paragraph>
          ) : (
            <>
              <Paragraph>{t('error.conflictState')}</Paragraph>
              <ul>
                {changesSince(conflict.seen, detail).map((change) => (
                  <li key={change}>{change}</li>
                ))}
              </ul>
              <Paragraph>{t('error.conflictAgain')}</Paragraph>
              <Button type="button" appearance="secondary-action-button" onClick={command.redo} busy={command.pending}>
                {t('error.redo')}
              </Button>
            </>
          )}
        </Alert>
      ) : null}
      {failure ? (
        <Alert type="error">
          <Paragraph>{refusalText(failure)}</Paragraph>
        </Alert>
      ) : null}
    </div>
  );
};
