import type {
  AlertProps,
  DataListItemProps,
  DataListKeyProps,
  DataListProps,
  DataListValueProps,
  Heading1Props,
  Heading2Props,
  Heading3Props,
  NumberBadgeProps,
  ParagraphProps,
  SelectOptionProps,
  SelectProps,
  StatusBadgeProps,
  TableBodyProps,
  TableCaptionProps,
  TableCellProps,
  TableHeaderCellProps,
  TableHeaderProps,
  TableProps,
  TableRowProps,
  TextareaProps,
} from '@utrecht/component-library-react';
import { forwardRef } from 'react';

/*
 * The Utrecht components that have no package of their own, with the props and the markup
 * (`utrecht-*` class names, ARIA) of @utrecht/component-library-react 14. That bundle sets a
 * `displayName` on every one of its hundred components, which keeps all of them in any page that
 * imports one: about 58 kB gzipped in the first load. The styling stays the design system's, from
 * @utrecht/component-library-css; only these few lines of markup are ours. The types come from the
 * bundle (erased at build time), so a caller sees the same API.
 */

const cx = (...names: ReadonlyArray<string | false | null | undefined>): string => names.filter(Boolean).join(' ');

const alertRoles: Record<string, 'status' | 'alert'> = { info: 'status', ok: 'status', warning: 'alert', error: 'alert' };

export const Alert = forwardRef<HTMLDivElement, AlertProps>(({ children, className, icon, type, role, ...rest }, ref) => {
  const kind = type !== undefined && type in alertRoles ? type : 'info';
  return (
    <div {...rest} ref={ref} className={cx('utrecht-alert', `utrecht-alert--${kind}`, className)}>
      {icon ? <div className="utrecht-alert__icon">{icon}</div> : null}
      <div className="utrecht-alert__content">
        <div className="utrecht-alert__message" role={role || alertRoles[kind]}>
          {children}
        </div>
      </div>
    </div>
  );
});
Alert.displayName = 'Alert';

export const DataList = forwardRef<HTMLDListElement, DataListProps>(({ appearance, className, ...rest }, ref) => (
  <dl
    {...rest}
    ref={ref}
    className={cx('utrecht-data-list', 'utrecht-data-list--html-dl', appearance === 'rows' && 'utrecht-data-list--rows', className)}
  />
));
DataList.displayName = 'DataList';

export const DataListItem = forwardRef<HTMLDivElement, DataListItemProps>(({ className, ...rest }, ref) => (
  <div {...rest} ref={ref} className={cx('utrecht-data-list__item', className)} />
));
DataListItem.displayName = 'DataListItem';

export const DataListKey = forwardRef<HTMLElement, DataListKeyProps>(({ className, ...rest }, ref) => (
  <dt {...rest} ref={ref} className={cx('utrecht-data-list__item-key', className)} />
));
DataListKey.displayName = 'DataListKey';

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
DataListValue.displayName = 'DataListValue';

export const Heading1 = forwardRef<HTMLHeadingElement, Heading1Props>(({ className, ...rest }, ref) => (
  <h1 {...rest} ref={ref} className={cx('utrecht-heading-1', className)} />
));
Heading1.displayName = 'Heading1';

export const Heading2 = forwardRef<HTMLHeadingElement, Heading2Props>(({ className, ...rest }, ref) => (
  <h2 {...rest} ref={ref} className={cx('utrecht-heading-2', className)} />
));
Heading2.displayName = 'Heading2';

export const Heading3 = forwardRef<HTMLHeadingElement, Heading3Props>(({ className, ...rest }, ref) => (
  <h3 {...rest} ref={ref} className={cx('utrecht-heading-3', className)} />
));
Heading3.displayName = 'Heading3';

export const NumberBadge = forwardRef<HTMLElement, NumberBadgeProps>(({ className, value, ...rest }, ref) =>
  value === undefined ? (
    <span {...rest} ref={ref} className={cx('utrecht-number-badge', className)} />
  ) : (
    <data {...rest} ref={ref as React.Ref<HTMLDataElement>} value={value} className={cx('utrecht-number-badge', className)} />
  ),
);
NumberBadge.displayName = 'NumberBadge';

export const Paragraph = forwardRef<HTMLParagraphElement, ParagraphProps>(
  ({ children, className, lead, small, appearance, ...rest }, ref) => {
    const wantsLead = appearance === 'lead' || !!lead;
    const wantsSmall = appearance === 'small' || !!small;
    // Both at once means neither, as in the design system.
    const isLead = wantsLead && !wantsSmall;
    const isSmall = wantsSmall && !wantsLead;
    return (
      <p
        {...rest}
        ref={ref}
        className={cx('utrecht-paragraph', isLead && 'utrecht-paragraph--lead', isSmall && 'utrecht-paragraph--small', className)}
      >
        {isLead ? (
          <b className="utrecht-paragraph__b">{children}</b>
        ) : isSmall ? (
          <small className="utrecht-paragraph__small">{children}</small>
        ) : (
          children
        )}
      </p>
    );
  },
);
Paragraph.displayName = 'Paragraph';

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
Select.displayName = 'Select';

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
SelectOption.displayName = 'SelectOption';

export const StatusBadge = forwardRef<HTMLElement, StatusBadgeProps>(({ className, status, ...rest }, ref) => (
  <span className={cx('utrecht-status-badge', `utrecht-status-badge--${status || 'neutral'}`, className)} {...rest} ref={ref} />
));
StatusBadge.displayName = 'StatusBadge';

export const Table = forwardRef<HTMLTableElement, TableProps>(({ busy, className, ...rest }, ref) => (
  <table aria-busy={busy} {...rest} ref={ref} className={cx('utrecht-table', busy && 'utrecht-table--busy', className)} />
));
Table.displayName = 'Table';

export const TableBody = forwardRef<HTMLTableSectionElement, TableBodyProps>(({ className, ...rest }, ref) => (
  <tbody {...rest} ref={ref} className={cx('utrecht-table__body', className)} />
));
TableBody.displayName = 'TableBody';

export const TableCaption = forwardRef<HTMLTableCaptionElement, TableCaptionProps>(({ className, ...rest }, ref) => (
  <caption {...rest} ref={ref} className={cx('utrecht-table__caption', className)} />
));
TableCaption.displayName = 'TableCaption';

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
TableCell.displayName = 'TableCell';

export const TableHeader = forwardRef<HTMLTableSectionElement, TableHeaderProps>(({ className, sticky, ...rest }, ref) => (
  <thead {...rest} ref={ref} className={cx('utrecht-table__header', sticky && 'utrecht-table__header--sticky', className)} />
));
TableHeader.displayName = 'TableHeader';

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
TableHeaderCell.displayName = 'TableHeaderCell';

// `active` is accepted for the bundle's API but, as there, has no markup of its own.
export const TableRow = forwardRef<HTMLTableRowElement, TableRowProps>(({ className, selected, active: _active, ...rest }, ref) => (
  <tr
    aria-selected={selected ? true : undefined}
    {...rest}
    ref={ref}
    className={cx('utrecht-table__row', selected && 'utrecht-table__row--selected', className)}
  />
));
TableRow.displayName = 'TableRow';

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
Textarea.displayName = 'Textarea';
