import { Alert } from './utrecht-alert';
import { Heading2 } from './utrecht-heading';
import { useEffect, useRef } from 'react';
import { uiText } from './ui-text';

export type ErrorSummaryItem = { message: string; fieldId?: string };

/**
 * The list of what to fix after a submit, each item a link to its field. It takes focus when it
 * appears, so keyboard and screen-reader users start where the problem is.
 */
export const ErrorSummary = ({ items, title }: { items: readonly ErrorSummaryItem[]; title?: string }) => {
  const ref = useRef<HTMLDivElement>(null);
  const count = items.length;
  useEffect(() => {
    if (count > 0) ref.current?.focus();
  }, [count]);
  if (count === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} className="ketenregie-error-summary">
      <Alert type="error">
        <Heading2>{title ?? uiText('errorSummaryTitle')}</Heading2>
        <ul>
          {items.map((item, index) => (
            <li key={`${item.fieldId ?? ''}-${index}`}>
              {item.fieldId ? (
                <a
                  href={`#${item.fieldId}`}
                  onClick={(event) => {
                    event.preventDefault();
                    document.getElementById(item.fieldId ?? '')?.focus();
                  }}
                >
                  {item.message}
                </a>
              ) : (
                item.message
              )}
            </li>
          ))}
        </ul>
      </Alert>
    </div>
  );
};
