import { getSession, notifySessionEnded, sessionExpiry, sessionQueryKey, subscribeSessionExpiry } from '@ketenregie/platform-web';
import { Alert, Dialog, Paragraph, PrimaryActionButton, SecondaryActionButton, useAnnounce } from '@ketenregie/ui';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { t } from '../i18n/i18n';

/** The warning comes this long before the session ends (design brief: two minutes ahead). */
export const warningAheadMs = 2 * 60_000;

type Warning = { at: number; extendable: boolean };

/**
 * Warns two minutes before an unused session ends, with "Sessie verlengen": one request with the
 * session moves its idle end on. When the end comes, the session-expired dialog takes over, over
 * the page, so nothing typed is lost. The end is followed on this browser's clock, from the
 * session answer and every later API answer (see `sessionExpiry`).
 */
export const IdleWarning = () => {
  const [warning, setWarning] = useState<Warning | null>(null);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [extending, setExtending] = useState(false);
  const [failed, setFailed] = useState(false);
  const queryClient = useQueryClient();
  const announce = useAnnounce();

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const plan = () => {
      clearTimeout(timer);
      const expiry = sessionExpiry();
      if (!expiry) {
        setWarning(null);
        return;
      }
      const now = Date.now();
      if (now >= expiry.at) {
        setWarning(null);
        notifySessionEnded();
        return;
      }
      const warnAt = expiry.at - warningAheadMs;
      if (now >= warnAt) {
        setWarning((current) => (current?.at === expiry.at && current.extendable === expiry.extendable ? current : expiry));
        timer = setTimeout(plan, expiry.at - now);
      } else {
        setWarning(null);
        timer = setTimeout(plan, warnAt - now);
      }
    };
    plan();
    const unsubscribe = subscribeSessionExpiry(plan);
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, []);

  const extend = async () => {
    if (extending) return;
    setExtending(true);
    setFailed(false);
    try {
      // Asking for the session is a request with it; its answer carries the new end. Not through
      // the session query: an ended session must open the sign-in dialog over this page, not
      // send the user to the sign-in page and lose what was typed.
      const session = await getSession();
      if (session) {
        queryClient.setQueryData(sessionQueryKey, session);
        announce(t('idle.extended'));
      } else {
        notifySessionEnded();
      }
    } catch {
      setFailed(true);
    } finally {
      setExtending(false);
    }
  };

  const open = warning !== null && dismissedAt !== warning.at;
  const close = () => setDismissedAt(warning?.at ?? null);
  return (
    <Dialog open={open} title={warning?.extendable === false ? t('idle.endTitle') : t('idle.title')} onClose={close} role="alertdialog">
      {failed ? (
        <Alert type="error">
          <Paragraph>{t('idle.failed')}</Paragraph>
        </Alert>
      ) : null}
      {warning?.extendable === false ? (
        <>
          <Paragraph>{t('idle.endBody')}</Paragraph>
          <SecondaryActionButton type="button" onClick={close}>
            {t('idle.close')}
          </SecondaryActionButton>
        </>
      ) : (
        <>
          <Paragraph>{t('idle.body')}</Paragraph>
          <PrimaryActionButton type="button" busy={extending} aria-disabled={extending || undefined} onClick={() => void extend()}>
            {extending ? t('idle.extending') : t('idle.extend')}
          </PrimaryActionButton>
        </>
      )}
    </Dialog>
  );
};
