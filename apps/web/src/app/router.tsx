import { accessRoutes, publicAccessRoutes } from '@ketenregie/access-web';
import { casesRoutes } from '@ketenregie/cases-web';
import { portalRoutes } from '@ketenregie/feedback-web';
import { createBrowserRouter } from 'react-router-dom';
import { AppLayout } from './app-layout';
import { NotFoundPage } from './not-found-page';
import { RequireSession, StartPageRedirect } from './require-session';
import { PageLoading } from './page-loading';
import { RouteError } from './route-error';

// Each page is its own chunk (`lazy`), so the first load carries the shell and the page it opens only.
export const createRouter = () =>
  createBrowserRouter([
    {
      path: '/',
      element: <AppLayout />,
      errorElement: <RouteError />,
      // Shown while the first page's chunk loads.
      hydrateFallbackElement: <PageLoading />,
      children: [
        ...publicAccessRoutes,
        // A referrer who came in through an e-mail's link has a portal session and no account: the
        // portal's pages ask the API themselves, and send to sign-in only when it knows nobody.
        ...portalRoutes,
        {
          path: 'status',
          lazy: () => import('../features/system-status/components/system-status-page').then((m) => ({ Component: m.SystemStatusPage })),
        },
        {
          element: <RequireSession />,
          children: [{ index: true, element: <StartPageRedirect /> }, ...casesRoutes, ...accessRoutes],
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
