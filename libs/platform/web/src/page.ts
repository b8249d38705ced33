import { useEffect } from 'react';

const appName = 'Ketenregie';

/** A unique document title per page ("Casus Jansen – Ketenregie"), so tabs and screen readers tell pages apart. */
export const usePageTitle = (title: string | undefined): void => {
  useEffect(() => {
    if (title) document.title = `${title} – ${appName}`;
  }, [title]);
};
