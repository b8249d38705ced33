import { useQuery } from '@tanstack/react-query';
import { ApiError, sessionQueryOptions } from '@ketenregie/platform-web';
import { Navigate, useLocation } from 'react-router-dom';

/**
 * Whether a failed portal read means "no portal session at all": no account session and no link
 * session. A signed-in referrer whose session ran out gets the shell's sign-in dialog over the
 * page instead, so this is only for someone who never had an account session here.
 */
export const useWithoutAnySession = (error: unknown): boolean => {
  const { data: session, isPending } = useQuery(sessionQueryOptions());
  return error instanceof ApiError && error.status === 401 && !isPending && !session;
};

/** To sign-in, and back here after it. */
export const ToSignIn = () => {
  const location = useLocation();
  const back = `${location.pathname}${location.search}`;
  return <Navigate to={`/aanmelden?terug=${encodeURIComponent(back)}`} replace />;
};
