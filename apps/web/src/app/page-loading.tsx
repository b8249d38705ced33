import { t } from '../i18n/i18n';

export const PageLoading = () => (
  <p role="status" aria-busy="true">
    {t('loading.page')}
  </p>
);
