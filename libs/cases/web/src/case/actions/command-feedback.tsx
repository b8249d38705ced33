import type { CaseDetail } from '@ketenregie/contracts';
import { Alert, Button, Paragraph } from '@ketenregie/ui';
import { ApiError } from '@ketenregie/platform-web';
import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import { t } from './i18n/t';
import { changesSince, refusalText } from './command-outcome';
import type { CaseCommand } from './use-case-command';

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
                {(conflict.seen ? changesSince(conflict.seen, detail) : [t('error.changedOther')]).map((change) => (
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

/**
 * The same answer for a dialog outside the case page (the rappel planner, a partner's tasks): after
 * a 412 the page itself shows its row's new state, so the dialog says so in its own words; a refusal
 * whose every field error already stands at its field is not repeated above the form.
 */
export const RowCommandFeedback = ({
  command,
  conflict,
  fields,
}: {
  command: CaseCommand;
  conflict: ReactNode;
  fields: ReadonlySet<string>;
}) => {
  const ref = useRef<HTMLDivElement>(null);
  const { failure } = command;
  const placedAll = failure instanceof ApiError && failure.fieldErrors.length > 0 && failure.fieldErrors.every((e) => fields.has(e.path));
  const shown = Boolean(command.conflict) || (Boolean(failure) && !placedAll);
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown, failure]);
  if (!shown) return null;
  return (
    <div ref={ref} tabIndex={-1} className="ketenregie-command-feedback">
      {command.conflict ? (
        <Alert type="warning">
          <Paragraph>{conflict}</Paragraph>
        </Alert>
      ) : null}
      {failure && !placedAll ? (
        <Alert type="error">
          <Paragraph>{refusalText(failure)}</Paragraph>
        </Alert>
      ) : null}
    </div>
  );
};
