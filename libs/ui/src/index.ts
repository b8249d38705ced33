// Each Utrecht component from its own package where the design system publishes one, the rest as
// thin components over the design system's CSS (see components/class-names.ts): the bundle package
// would put all its components in the first load of every page.
export { Button, PrimaryActionButton, SecondaryActionButton, SubtleButton } from '@utrecht/button-react';
export { ButtonGroup } from '@utrecht/button-group-react';
export { Checkbox } from '@utrecht/checkbox-react';
export { Fieldset, FieldsetLegend } from '@utrecht/fieldset-react';
export { Link } from '@utrecht/link-react';
export { RadioButton } from '@utrecht/radio-button-react';
export { Textbox } from '@utrecht/textbox-react';
export { Alert } from './components/utrecht-alert';
export { NumberBadge, StatusBadge } from './components/utrecht-badge';
export { DataList, DataListItem, DataListKey, DataListValue } from './components/utrecht-data-list';
export { Heading1, Heading2, Heading3 } from './components/utrecht-heading';
export { Paragraph } from './components/utrecht-paragraph';
export { Select, SelectOption } from './components/utrecht-select';
export { Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from './components/utrecht-table';
export { Textarea } from './components/utrecht-textarea';
export { Dialog } from './components/dialog';
export type { ErrorSummaryItem } from './components/error-summary';
export { ErrorSummary } from './components/error-summary';
export type { FieldControlProps } from './components/field';
export { Field } from './components/field';
export { LiveRegionProvider, useAnnounce } from './components/live-region';
