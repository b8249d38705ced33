import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, usePageTitle } from '@ketenregie/platform-web';
import { Alert, Button, Heading1, Paragraph } from '@ketenregie/ui';
import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { portalLinkRedemptionMutationOptions } from './api/link-redemption';
import { t } from './i18n/t';

/** Unknown, expired, used up or malformed: the API answers these alike, and so does this page. */
const isGone = (error: unknown): boolean =>
  error instanceof ApiError && (error.status === 410 || error.status === 404 || error.status === 400);

/** Where a spent link ends up: no token in the address, nothing of the app behind it. */
export const linkGonePath = '/melder/link';

/**
 * The page an e-mail's link opens. It trades the single-use token for a portal session once, then
 * replaces its own address (token and all) in the history with the report's page, so the token is
 * neither kept nor sent anywhere again.
 */
export const LinkPage = () => {
  usePageTitle(t('link.title'));
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { mutate, data, error, isError } = useMutation(portalLinkRedemptionMutationOptions(queryClient));

  // Runs twice under StrictMode; the redemption underneath posts once per token.
  useEffect(() => {
    mutate(token);
  }, [mutate, token]);

  useEffect(() => {
    if (data) void navigate(`/melder/meldingen/${encodeURIComponent(data.reportId)}`, { replace: true });
    else if (isError && isGone(error)) void navigate(linkGonePath, { replace: true });
  }, [data, error, isError, navigate]);

  if (isError && !isGone(error)) {
    return (
      <div className="ketenregie-stack ketenregie-narrow">
        <Heading1>{t('link.title')}</Heading1>
        <Alert type="error">
          <Paragraph>{t('link.failed')}</Paragraph>
          <Paragraph>{t('link.failedHint')}</Paragraph>
          <Button appearance="secondary-action-button" onClick={() => mutate(token)}>
            {t('reports.retry')}
          </Button>
        </Alert>
      </div>
    );
  }
  return (
    <div className="ketenregie-stack ketenregie-narrow">
      <Heading1>{t('link.title')}</Heading1>
      <div role="status" aria-busy="true" className="ketenregie-surface">
        <Paragraph>{t('link.opening')}</Paragraph>
      </div>
    </div>
  );
};

/** "Deze link is verlopen of al gebruikt.", with what to do next and nothing else of the app. */
export const LinkGonePage = () => {
  usePageTitle(t('link.gone'));
  return (
    <div className="ketenregie-stack ketenregie-narrow">
      <Heading1>{t('link.gone')}</Heading1>
      <Paragraph>{t('link.goneWhy')}</Paragraph>
      <Paragraph>{t('link.goneSignIn')}</Paragraph>
      <Paragraph>{t('link.goneContact')}</Paragraph>
      <Paragraph>
        <Link to={`/aanmelden?terug=${encodeURIComponent('/melder')}`}>{t('link.signIn')}</Link>
      </Paragraph>
    </div>
  );
};
