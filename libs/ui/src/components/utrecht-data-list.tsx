import type { DataListItemProps, DataListKeyProps, DataListProps, DataListValueProps } from '@utrecht/component-library-react';
import { forwardRef } from 'react';
import { cx } from './class-names';

export const DataList = forwardRef<HTMLDListElement, DataListProps>(({ appearance, className, ...rest }, ref) => (
  <dl
    {...rest}
    ref={ref}
    className={cx('utrecht-data-list', 'utrecht-data-list--html-dl', appearance === 'rows' && 'utrecht-data-list--rows', className)}
  />
));

export const DataListItem = forwardRef<HTMLDivElement, DataListItemProps>(({ className, ...rest }, ref) => (
  <div {...rest} ref={ref} className={cx('utrecht-data-list__item', className)} />
));

export const DataListKey = forwardRef<HTMLElement, DataListKeyProps>(({ className, ...rest }, ref) => (
  <dt {...rest} ref={ref} className={cx('utrecht-data-list__item-key', className)} />
));

export const DataListValue = forwardRef<HTMLElement, DataListValueProps>(
  ({ value, children, className, emptyDescription, multiline, notranslate, ...rest }, ref) => (
    <dd
      {...rest}
      ref={ref}
      className={cx(
        'utrecht-data-list__item-value',
        'utrecht-data-list__item-value--html-dd',
        className,
        multiline && 'utrecht-data-list__item-value--multiline',
      )}
      translate={typeof notranslate === 'boolean' ? (notranslate ? 'no' : 'yes') : undefined}
    >
      {value === '' ? <span aria-label={emptyDescription}>-</span> : children}
    </dd>
  ),
);
