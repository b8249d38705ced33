import { api, usePageTitle, withQuery } from '@ketenregie/platform-web';
import { Heading1, Paragraph } from '@ketenregie/ui';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { t } from '../i18n/t';
import { DemoAccounts } from './demo-accounts';
import { safeReturnPath } from './safe-return-path';
import { SignInForm } from './sign-in-form';
import { signInOptionsQueryOptions } from './sign-in-queries';

export const SignInPage = () => {
  usePageTitle(t('signIn.title'));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const returnTo = safeReturnPath(params.get('terug'));
  // Without an answer the page still offers what always works: username and password.
  const { data: options } = useQuery(signInOptionsQueryOptions());
  const signedIn = () => navigate(returnTo, { replace: true });
  return (
    <div className="ketenregie-sign-in">
      <div className="ketenregie-surface">
        <Heading1>{t('signIn.title')}</Heading1>
        {options?.oidc ? (
          <>
            {/* A full page load: the identity provider's page is not part of this app. */}
            <a
              className="utrecht-button utrecht-button--secondary-action ketenregie-button-link"
              href={withQuery(api('/auth/oidc/start'), { returnTo })}
            >
              {t('signIn.oidc')}
            </a>
            <Paragraph>{t('signIn.or')}</Paragraph>
          </>
        ) : (
          <Paragraph>{t('signIn.intro')}</Paragraph>
        )}
        <SignInForm onSignedIn={signedIn} />
      </div>
      {options?.demoAccounts ? <DemoAccounts onSignedIn={signedIn} /> : null}
    </div>
  );
};
