import { Link } from 'react-router-dom';
import { t } from '../i18n/i18n';

export const NotFoundPage = () => (
  <section aria-labelledby="not-found-title" className="page">
    <title>{`${t('notFound.title')} – ${t('app.name')}`}</title>
    <h1 id="not-found-title">{t('notFound.title')}</h1>
    <p>{t('notFound.body')}</p>
    <p>
      <Link to="/">{t('notFound.home')}</Link>
    </p>
  </section>
);
