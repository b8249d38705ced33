import { Alert, Heading2, Paragraph, SecondaryActionButton } from '@ketenregie/ui';
import { t } from '../i18n/i18n';

export const RouteError = ({ onRetry }: { onRetry?: () => void }) => (
  <Alert type="error">
    <Heading2>{t('error.title')}</Heading2>
    <Paragraph>{t('error.body')}</Paragraph>
    <SecondaryActionButton type="button" onClick={onRetry ?? (() => window.location.reload())}>
      {t('error.retry')}
    </SecondaryActionButton>
  </Alert>
);
