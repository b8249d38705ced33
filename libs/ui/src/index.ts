// Each Utrecht component from its own package where the design system publishes one, the rest as
// thin components over the design system's CSS (see components/utrecht.tsx): the bundle package
// would put all its components in the first load of every page.
export { Button, PrimaryActionButton, SecondaryActionButton, SubtleButton } from '@utrecht/button-react';
export { ButtonGroup } from '@utrecht/button-group-react';
export { Checkbox } from '@utrecht/checkbox-react';
export { Fieldset, FieldsetLegend } from '@utrecht/fieldset-react';
export { Link } from '@utrecht/link-react';
export { RadioButton } from '@utrecht/radio-button-react';
export { Textbox } from '@utrecht/textbox-react';
export {
  Alert,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading1,
  Heading2,
  Heading3,
  NumberBadge,
  Paragraph,
  Select,
  SelectOption,
  StatusBadge,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
} from './components/utrecht';
export { Dialog } from './components/dialog';
export type { ErrorSummaryItem } from './components/error-summary';
export { ErrorSummary } from './components/error-summary';
export type { FieldControlProps } from './components/field';
export { Field } from './components/field';
export { LiveRegionProvider, useAnnounce } from './components/live-region';
