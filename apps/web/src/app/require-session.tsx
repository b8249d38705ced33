import { sessionQueryOptions } from '@ketenregie/platform-web';
import { useQuery } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { t } from '../i18n/i18n';
import { RouteError } from './route-error';
import { startPageFor } from './role-menu';

/** Pages behind sign-in: without a session the user goes to sign-in and, after it, back here. */
export const RequireSession = () => {
  const location = useLocation();
  const { data: session, isPending, isError, refetch } = useQuery(sessionQueryOptions());
  if (isPending) {
    return (
      <p role="status" aria-busy="true">
        {t('loading.session')}
      </p>
    );
  }
  if (isError) return <RouteError onRetry={() => void refetch()} />;
  if (!session) {
    const back = `${location.pathname}${location.search}`;
    return <Navigate to={`/aanmelden?terug=${encodeURIComponent(back)}`} replace />;
  }
  return <Outlet />;
};

/** `/` sends each user to the start page of their role. */
export const StartPageRedirect = () => {
  const { data: session } = useQuery(sessionQueryOptions());
  return session ? <Navigate to={startPageFor(session.user)} replace /> : null;
};
