import type { TextareaProps } from '@utrecht/component-library-react';
import { forwardRef } from 'react';
import { cx } from './class-names';

export const Textarea = forwardRef<HTMLTextAreaElement, TextareaProps>(
  ({ dir, disabled, inputRequired, invalid, readOnly, required, className, ...rest }, ref) => (
    <textarea
      {...rest}
      ref={ref}
      className={cx(
        'utrecht-textarea',
        'utrecht-textarea--html-textarea',
        disabled && 'utrecht-textarea--disabled',
        invalid && 'utrecht-textarea--invalid',
        readOnly && 'utrecht-textarea--readonly',
        (required || inputRequired) && 'utrecht-textarea--required',
        className,
      )}
      dir={dir ?? 'auto'}
      disabled={disabled}
      readOnly={readOnly}
      aria-required={required ? required : undefined}
      required={inputRequired}
      aria-invalid={invalid || undefined}
    />
  ),
);
