import { Heading2 } from './utrecht-heading';
import type { ReactNode } from 'react';
import { useEffect, useId, useRef } from 'react';

type DialogProps = {
  open: boolean;
  title: string;
  /** Called on Esc or when the dialog is closed from inside; the caller sets `open` to false. */
  onClose: () => void;
  children: ReactNode;
  /** `alertdialog` for a confirmation that stops the user (hand-over, escalation, closing). */
  role?: 'dialog' | 'alertdialog';
};

/**
 * A modal `<dialog>` opened with `showModal()`: the browser keeps focus inside, makes the page
 * behind inert, closes on Esc and returns focus to the control that opened it. Named by its heading.
 */
export const Dialog = ({ open, title, onClose, children, role = 'dialog' }: DialogProps) => {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={headingId}
      aria-modal="true"
      className="ketenregie-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <>
          <Heading2 id={headingId}>{title}</Heading2>
          {children}
        </>
      ) : null}
    </dialog>
  );
};
