import { onUnauthorized } from '@ketenregie/platform-web';
import { Dialog, Paragraph, useAnnounce } from '@ketenregie/ui';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { t } from '../i18n/t';

// The form (and its form library) loads only when a session expires, not with every page.
const SignInForm = lazy(() => import('./sign-in-form').then((m) => ({ default: m.SignInForm })));

/**
 * Over the page, not instead of it: when the API answers 401 to a signed-in user, this dialog asks
 * to sign in again while the page (and every field typed on it) stays as it was.
 */
export const SessionExpiredDialog = () => {
  const [open, setOpen] = useState(false);
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  useEffect(() => onUnauthorized(() => setOpen(true)), []);
  return (
    <Dialog open={open} title={t('expired.title')} onClose={() => setOpen(false)} role="alertdialog">
      <Paragraph>{t('expired.body')}</Paragraph>
      <Suspense fallback={null}>
        <SignInForm
          idPrefix="session-expired"
          onSignedIn={() => {
            setOpen(false);
            // Whatever failed while the session was gone is fetched again with the new one.
            void queryClient.invalidateQueries();
            announce(t('expired.done'));
          }}
        />
      </Suspense>
    </Dialog>
  );
};
