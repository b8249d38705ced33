import type { CaseDetail } from '@ketenregie/contracts';
import { Button, Dialog, Heading2, Heading3, Paragraph } from '@ketenregie/ui';
import type { ComponentType } from 'react';
import { useId, useState } from 'react';
import type { ActionItem, ShownItem } from './action-rules';
import { arrangeActions } from './action-rules';
import type { DialogProps } from './action-dialogs';
import {
  AcceptHandoverDialog,
  AcknowledgeFlagDialog,
  ChangePhaseDialog,
  ChooseRouteDialog,
  CloseCaseDialog,
  CompleteAssessmentDialog,
  CompleteInvestigationDialog,
  DeclineHandoverDialog,
  EscalateDialog,
  OfferHandoverDialog,
  RecordRappelOutcomeDialog,
  ScheduleRappelsDialog,
  StartAssessmentDialog,
  WithdrawHandoverDialog,
} from './action-dialogs';
import { t } from './i18n/t';

export type CaseActionsProps = { detail: CaseDetail; etag: string | undefined; readOnly: boolean };

const dialogs: Record<ActionItem, ComponentType<DialogProps>> = {
  'start-safety-assessment': StartAssessmentDialog,
  'complete-safety-assessment': CompleteAssessmentDialog,
  'choose-route': ChooseRouteDialog,
  'complete-investigation': CompleteInvestigationDialog,
  'offer-handover': OfferHandoverDialog,
  'accept-handover': AcceptHandoverDialog,
  'decline-handover': DeclineHandoverDialog,
  'withdraw-handover': WithdrawHandoverDialog,
  'escalate-case': EscalateDialog,
  'change-phase': ChangePhaseDialog,
  'schedule-rappels': ScheduleRappelsDialog,
  'record-rappel-outcome': RecordRappelOutcomeDialog,
  'acknowledge-recidivism-flag': AcknowledgeFlagDialog,
  'close-case': CloseCaseDialog,
};

// Dialogs that stop the user before direction moves or the case ends (design brief: confirm these).
const alertDialogs: ReadonlySet<ActionItem> = new Set(['accept-handover', 'escalate-case', 'close-case']);

/**
 * One action as a button. Refused, it stays visible and focusable (a disabled button is skipped by
 * the keyboard and its reason never read) and says why and who can, tied to it by aria-describedby.
 */
const ActionButton = ({ shown, primary, onOpen }: { shown: ShownItem; primary: boolean; onOpen: () => void }) => {
  const reasonId = useId();
  const label = t(`item.${shown.item}`);
  return (
    <div className="ketenregie-case-action">
      <Button
        type="button"
        appearance={primary ? 'primary-action-button' : 'secondary-action-button'}
        aria-disabled={shown.allowed ? undefined : true}
        aria-describedby={shown.allowed ? undefined : reasonId}
        onClick={() => (shown.allowed ? onOpen() : undefined)}
      >
        {label}
      </Button>
      {shown.allowed ? null : (
        <Paragraph id={reasonId} className="ketenregie-case-action__reason">
          {t('actions.unavailable', { reason: shown.reason ?? '' })}
        </Paragraph>
      )}
    </div>
  );
};

/**
 * The actions that fit the case and the user: one primary (the next step for the case's status),
 * the rest under "Meer acties". Each opens a dialog; nothing is sent without one.
 */
export const CaseActions = ({ detail, etag, readOnly }: CaseActionsProps) => {
  const [open, setOpen] = useState<ShownItem | undefined>();
  const headingId = useId();
  if (readOnly) {
    return (
      <section aria-labelledby={headingId} className="ketenregie-case-actions">
        <Heading2 id={headingId}>{t('actions.title')}</Heading2>
        <Paragraph>{t('actions.readOnly')}</Paragraph>
      </section>
    );
  }
  const { primary, more } = arrangeActions(detail);
  const OpenDialog = open ? dialogs[open.item] : undefined;
  return (
    <section aria-labelledby={headingId} className="ketenregie-case-actions">
      <Heading2 id={headingId}>{t('actions.title')}</Heading2>
      {!primary && more.length === 0 ? <Paragraph>{t('actions.none')}</Paragraph> : null}
      {primary ? <ActionButton shown={primary} primary onOpen={() => setOpen(primary)} /> : null}
      {more.length > 0 ? (
        <div className="ketenregie-case-actions__more">
          <Heading3>{t('actions.more')}</Heading3>
          <div className="ketenregie-case-actions__list">
            {more.map((shown) => (
              <ActionButton key={shown.item} shown={shown} primary={false} onOpen={() => setOpen(shown)} />
            ))}
          </div>
        </div>
      ) : null}
      <Dialog
        open={open !== undefined}
        title={open ? t(`item.${open.item}`) : ''}
        onClose={() => setOpen(undefined)}
        role={open && alertDialogs.has(open.item) ? 'alertdialog' : 'dialog'}
      >
        {open && OpenDialog ? <OpenDialog detail={detail} etag={etag} shown={open} onClose={() => setOpen(undefined)} /> : null}
      </Dialog>
    </section>
  );
};
