import { FormField } from '@utrecht/form-field-react';
import { FormFieldDescription } from '@utrecht/form-field-description-react';
import { FormFieldErrorMessage } from '@utrecht/form-field-error-message-react';
import { FormLabel } from '@utrecht/form-label-react';
import type { ReactNode } from 'react';
import { uiText } from './ui-text';

export type FieldControlProps = {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
  invalid?: boolean;
};

type FieldProps = {
  /** Id of the control; the label, description and error hang on it. */
  id: string;
  label: string;
  optional?: boolean;
  description?: ReactNode;
  error?: string;
  /** Renders the control with the ids and states the field gives it. */
  children: (control: FieldControlProps) => ReactNode;
};

/**
 * Label above the field, "(niet verplicht)" where it applies, a hint and the error tied to the control
 * by `aria-describedby`, as the Dutch government form guidelines ask.
 */
export const Field = ({ id, label, optional, description, error, children }: FieldProps) => {
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <FormField invalid={Boolean(error)} className="ketenregie-field">
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={id}>
          {label}
          {optional ? <span className="ketenregie-field__optional"> {uiText('optional')}</span> : null}
        </FormLabel>
      </div>
      {description ? <FormFieldDescription id={descriptionId}>{description}</FormFieldDescription> : null}
      {error ? <FormFieldErrorMessage id={errorId}>{error}</FormFieldErrorMessage> : null}
      <div className="utrecht-form-field__input">
        {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined, invalid: Boolean(error) })}
      </div>
    </FormField>
  );
};
