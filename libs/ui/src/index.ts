export {
  Alert,
  Button,
  Checkbox,
  RadioButton,
  ButtonGroup,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Fieldset,
  FieldsetLegend,
  Heading1,
  Heading2,
  Heading3,
  Link,
  NumberBadge,
  Paragraph,
  PrimaryActionButton,
  SecondaryActionButton,
  Select,
  SelectOption,
  StatusBadge,
  SubtleButton,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  Textbox,
} from '@utrecht/component-library-react';
export { Dialog } from './components/dialog';
export type { ErrorSummaryItem } from './components/error-summary';
export { ErrorSummary } from './components/error-summary';
export type { FieldControlProps } from './components/field';
export { Field } from './components/field';
export { LiveRegionProvider, useAnnounce } from './components/live-region';
