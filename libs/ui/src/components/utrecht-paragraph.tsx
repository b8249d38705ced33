import type { ParagraphProps } from '@utrecht/component-library-react';
import { forwardRef } from 'react';
import { cx } from './class-names';

export const Paragraph = forwardRef<HTMLParagraphElement, ParagraphProps>(
  ({ children, className, lead, small, appearance, ...rest }, ref) => {
    const wantsLead = appearance === 'lead' || !!lead;
    const wantsSmall = appearance === 'small' || !!small;
    // Both at once means small, as in the design system.
    const isLead = wantsLead && !wantsSmall;
    const isSmall = wantsSmall;
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
