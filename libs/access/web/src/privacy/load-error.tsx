import { ApiError } from '@ketenregie/platform-web';
import { Alert, Button, Paragraph } from '@ketenregie/ui';
import { t } from '../i18n/t';

/** A read that failed: what happened, with the API's own words where it sent them, and a retry. */
export const LoadError = ({ error, onRetry, busy }: { error: unknown; onRetry: () => void; busy: boolean }) => {
  const code = error instanceof ApiError ? error.status : 'netwerk';
  const detail = error instanceof ApiError && error.status < 500 ? error.problem?.detail : undefined;
  return (
    <Alert type="error">
      <Paragraph>{detail ?? t('common.loadFailed', { code })}</Paragraph>
      <Button type="button" appearance="secondary-action-button" busy={busy} onClick={onRetry}>
        {t('common.retry')}
      </Button>
    </Alert>
  );
};
