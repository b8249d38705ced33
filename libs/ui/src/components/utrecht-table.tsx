import type {
  TableBodyProps,
  TableCaptionProps,
  TableCellProps,
  TableHeaderCellProps,
  TableHeaderProps,
  TableProps,
  TableRowProps,
} from '@utrecht/component-library-react';
import { forwardRef } from 'react';
import { cx } from './class-names';

export const Table = forwardRef<HTMLTableElement, TableProps>(({ busy, className, ...rest }, ref) => (
  <table aria-busy={busy} {...rest} ref={ref} className={cx('utrecht-table', busy && 'utrecht-table--busy', className)} />
));

export const TableBody = forwardRef<HTMLTableSectionElement, TableBodyProps>(({ className, ...rest }, ref) => (
  <tbody {...rest} ref={ref} className={cx('utrecht-table__body', className)} />
));

export const TableCaption = forwardRef<HTMLTableCaptionElement, TableCaptionProps>(({ className, ...rest }, ref) => (
  <caption {...rest} ref={ref} className={cx('utrecht-table__caption', className)} />
));

export const TableCell = forwardRef<HTMLTableCellElement, TableCellProps>(({ className, numericColumn, selected, ...rest }, ref) => (
  <td
    aria-selected={selected ? true : undefined}
    {...rest}
    ref={ref}
    className={cx(
      'utrecht-table__cell',
      selected && 'utrecht-table__cell--selected',
      numericColumn && 'utrecht-table__cell--numeric-column',
      className,
    )}
  />
));

export const TableHeader = forwardRef<HTMLTableSectionElement, TableHeaderProps>(({ className, sticky, ...rest }, ref) => (
  <thead {...rest} ref={ref} className={cx('utrecht-table__header', sticky && 'utrecht-table__header--sticky', className)} />
));

export const TableHeaderCell = forwardRef<HTMLTableCellElement, TableHeaderCellProps>(
  ({ className, numericColumn, selected, sticky, scope, ...rest }, ref) => (
    <th
      aria-selected={selected ? true : undefined}
      scope={scope}
      {...rest}
      ref={ref}
      className={cx(
        'utrecht-table__header-cell',
        numericColumn && 'utrecht-table__header-cell--numeric-column',
        selected && 'utrecht-table__header-cell--selected',
        sticky && scope === 'row' && 'utrecht-table__header-cell--sticky-inline',
        sticky && scope === 'col' && 'utrecht-table__header-cell--sticky-block',
        className,
      )}
    />
  ),
);

// `active` is accepted for the bundle's API but, as there, has no markup of its own.

export const TableRow = forwardRef<HTMLTableRowElement, TableRowProps>(({ className, selected, active: _active, ...rest }, ref) => (
  <tr
    aria-selected={selected ? true : undefined}
    {...rest}
    ref={ref}
    className={cx('utrecht-table__row', selected && 'utrecht-table__row--selected', className)}
  />
));
