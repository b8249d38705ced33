import type { SelectOptionProps, SelectProps } from '@utrecht/component-library-react';
import { forwardRef } from 'react';
import { cx } from './class-names';

export const Select = forwardRef<HTMLSelectElement, SelectProps>(({ busy, invalid, required, className, noscript, ...rest }, ref) => (
  <select
    aria-busy={busy || undefined}
    aria-invalid={invalid || undefined}
    required={noscript ? required : false}
    aria-required={noscript ? undefined : required || undefined}
    className={cx(
      'utrecht-select',
      'utrecht-select--html-select',
      busy && 'utrecht-select--busy',
      invalid && 'utrecht-select--invalid',
      required && 'utrecht-select--required',
      className,
    )}
    ref={ref}
    {...rest}
  />
));

export const SelectOption = forwardRef<HTMLOptionElement, SelectOptionProps>(({ disabled, invalid, className, ...rest }, ref) => (
  <option
    {...rest}
    ref={ref}
    disabled={disabled}
    className={cx(
      'utrecht-select__option',
      disabled && 'utrecht-select__option--disabled',
      invalid && 'utrecht-select__option--invalid',
      className,
    )}
  />
));
