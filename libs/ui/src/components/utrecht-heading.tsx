import type { Heading1Props, Heading2Props, Heading3Props } from '@utrecht/component-library-react';
import { forwardRef } from 'react';
import { cx } from './class-names';

export const Heading1 = forwardRef<HTMLHeadingElement, Heading1Props>(({ className, ...rest }, ref) => (
  <h1 {...rest} ref={ref} className={cx('utrecht-heading-1', className)} />
));

export const Heading2 = forwardRef<HTMLHeadingElement, Heading2Props>(({ className, ...rest }, ref) => (
  <h2 {...rest} ref={ref} className={cx('utrecht-heading-2', className)} />
));

export const Heading3 = forwardRef<HTMLHeadingElement, Heading3Props>(({ className, ...rest }, ref) => (
  <h3 {...rest} ref={ref} className={cx('utrecht-heading-3', className)} />
));
