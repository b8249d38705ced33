import { usePageTitle } from '@ketenregie/platform-web';
import { Heading1, Paragraph } from '@ketenregie/ui';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { t } from '../i18n/t';
import { safeReturnPath } from './safe-return-path';
import { SignInForm } from './sign-in-form';

export const SignInPage = () => {
  usePageTitle(t('signIn.title'));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const returnTo = safeReturnPath(params.get('terug'));
  return (
    <div className="ketenregie-surface ketenregie-narrow">
      <Heading1>{t('signIn.title')}</Heading1>
      <Paragraph>{t('signIn.intro')}</Paragraph>
      <SignInForm onSignedIn={() => navigate(returnTo, { replace: true })} />
    </div>
  );
};
