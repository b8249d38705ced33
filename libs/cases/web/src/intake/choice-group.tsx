import { Fieldset, FieldsetLegend } from '@ketenregie/ui';
import type { ReactNode } from 'react';

/**
 * Radio buttons or checkboxes under one legend, with the hint and the error tied to the group by
 * `aria-describedby`, like `Field` does for a single control.
 */
export const ChoiceGroup = ({
  id,
  legend,
  hint,
  error,
  children,
}: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) => {
  const hintId = hint ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <Fieldset
      className="ketenregie-field"
      invalid={Boolean(error)}
      aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
    >
      <FieldsetLegend className="utrecht-form-fieldset__legend">{legend}</FieldsetLegend>
      {hint ? (
        <div id={hintId} className="utrecht-form-field-description">
          {hint}
        </div>
      ) : null}
      {error ? (
        <div id={errorId} className="utrecht-form-field-error-message">
          {error}
        </div>
      ) : null}
      <div className="ketenregie-choices">{children}</div>
    </Fieldset>
  );
};

/** One radio button or checkbox with its label beside it. */
export const Choice = ({ id, label, children }: { id: string; label: string; children: ReactNode }) => (
  <div className="ketenregie-choice">
    {children}
    <label className="utrecht-form-label utrecht-form-label--radio" htmlFor={id}>
      {label}
    </label>
  </div>
);
