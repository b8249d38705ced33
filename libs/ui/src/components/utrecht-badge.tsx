import type { NumberBadgeProps, StatusBadgeProps } from '@utrecht/component-library-react';
import type { Ref } from 'react';
import { forwardRef } from 'react';
import { cx } from './class-names';

export const NumberBadge = forwardRef<HTMLElement, NumberBadgeProps>(({ className, value, ...rest }, ref) =>
  value === undefined ? (
    <span {...rest} ref={ref} className={cx('utrecht-number-badge', className)} />
  ) : (
    <data {...rest} ref={ref as Ref<HTMLDataElement>} value={value} className={cx('utrecht-number-badge', className)} />
  ),
);

export const StatusBadge = forwardRef<HTMLElement, StatusBadgeProps>(({ className, status, ...rest }, ref) => (
  <span className={cx('utrecht-status-badge', `utrecht-status-badge--${status || 'neutral'}`, className)} {...rest} ref={ref} />
));
