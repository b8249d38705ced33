export { accessRoutes, publicAccessRoutes } from './routes';
export { SessionExpiredDialog } from './sign-in/session-expired-dialog';
export { safeReturnPath } from './sign-in/safe-return-path';
