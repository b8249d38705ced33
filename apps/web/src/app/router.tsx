import { createBrowserRouter } from 'react-router-dom';
import { SystemStatusPage } from '../features/system-status/components/system-status-page';
import { AppLayout } from './app-layout';
import { NotFoundPage } from './not-found-page';

export const createRouter = () =>
  createBrowserRouter([
    {
      path: '/',
      element: <AppLayout />,
      children: [
        { index: true, element: <SystemStatusPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
