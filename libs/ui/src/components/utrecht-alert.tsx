import type { AlertProps } from '@utrecht/component-library-react';
import { forwardRef } from 'react';
import { cx } from './class-names';

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
