import { SessionExpiredDialog } from '@ketenregie/access-web';
import {
  beginSignOut,
  currentLocale,
  forgetCheckpoint,
  sessionQueryKey,
  sessionQueryOptions,
  signOut,
  switchLocale,
} from '@ketenregie/platform-web';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useNavigate } from 'react-router-dom';
import { t } from '../i18n/i18n';
import { demoRegionQueryOptions } from './demo-region';
import { IdleWarning } from './idle-warning';
import { menuFor, primaryRole } from './role-menu';

// How long a page may take to show its heading after a navigation (a lazy chunk, a first query).
const headingWaitMs = 10_000;

// Scrolling is the router's: a new page opens at the top, Back returns to where the user was.
const focusHeading = (heading: HTMLElement) => {
  heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
};

/**
 * After a client-side navigation, focus goes to the new page's H1 so a screen reader says where
 * the user is. A page that is still loading gets it as soon as its heading appears.
 */
const useFocusHeadingOnNavigate = () => {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const main = document.getElementById('main');
    const heading = main?.querySelector<HTMLElement>('h1');
    if (heading) {
      focusHeading(heading);
      return;
    }
    if (!main) return;
    const observer = new MutationObserver(() => {
      const appeared = main.querySelector<HTMLElement>('h1');
      if (!appeared) return;
      observer.disconnect();
      // Never out of a dialog that opened meanwhile (the session ending, a confirmation).
      if (!document.querySelector('dialog[open]')) focusHeading(appeared);
    });
    observer.observe(main, { childList: true, subtree: true });
    const stop = setTimeout(() => observer.disconnect(), headingWaitMs);
    return () => {
      clearTimeout(stop);
      observer.disconnect();
    };
  }, [pathname]);
};

/** "DEMO" next to the name while the demo region is on: every person and case here is made up. */
const DemoMarker = () => {
  const { data: demo } = useQuery(demoRegionQueryOptions());
  if (!demo) return null;
  return (
    <span className="ketenregie-demo-marker" title={t('header.demoExplained')}>
      {t('header.demo')}
      <span className="ketenregie-visually-hidden">: {t('header.demoExplained')}</span>
    </span>
  );
};

const SignedInHeader = () => {
  const { data: session } = useQuery(sessionQueryOptions());
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOutMutation = useMutation({
    mutationFn: async () => {
      // Whatever the page is still fetching is called off, and what it asks for meanwhile waits:
      // after the session ends it would only answer 401, and no "session expired" either.
      const endSignOut = beginSignOut();
      try {
        await queryClient.cancelQueries();
        await signOut();
      } finally {
        // Off the page first (rendered at once), so nothing on it renders without its session.
        await navigate('/aanmelden', { replace: true, flushSync: true });
        // Nothing of the previous user stays in memory for the next one at this screen.
        queryClient.clear();
        queryClient.setQueryData(sessionQueryKey, null);
        forgetCheckpoint();
        endSignOut();
      }
    },
  });
  if (!session) return null;
  const role = primaryRole(session.user);
  return (
    <div className="ketenregie-header__user">
      <span>
        <span className="ketenregie-visually-hidden">{t('header.signedInAs')} </span>
        {session.user.displayName}
        {role ? ` · ${t(`role.${role}`)}` : ''} · {session.user.organisationName}
      </span>
      <button
        type="button"
        className="ketenregie-header__button"
        onClick={() => signOutMutation.mutate()}
        disabled={signOutMutation.isPending}
      >
        {t('header.signOut')}
      </button>
    </div>
  );
};

export const AppLayout = () => {
  useFocusHeadingOnNavigate();
  const { data: session } = useQuery(sessionQueryOptions());
  const menu = session ? menuFor(session.user) : [];
  const locale = currentLocale();
  return (
    <div className="ketenregie-app">
      <a className="ketenregie-skip-link" href="#main">
        {t('layout.skipLink')}
      </a>
      <header className="ketenregie-header">
        <div className="ketenregie-header__inner">
          <Link to="/" className="ketenregie-header__brand">
            {t('app.name')}
            <DemoMarker />
          </Link>
          <SignedInHeader />
          <button
            type="button"
            className="ketenregie-header__button"
            lang={locale === 'nl' ? 'en' : 'nl'}
            aria-label={t('header.languageLabel')}
            onClick={() => switchLocale(locale === 'nl' ? 'en' : 'nl')}
          >
            {t('header.language')}
          </button>
        </div>
      </header>
      {menu.length > 0 ? (
        <nav aria-label={t('layout.mainNavigation')} className="ketenregie-nav">
          <div className="ketenregie-nav__inner">
            <ul>
              {menu.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end}>
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        </nav>
      ) : null}
      {/* tabIndex -1 lets the skip link move keyboard focus into main, not just scroll to it. */}
      <main id="main" tabIndex={-1} className="ketenregie-main">
        <Outlet />
      </main>
      <footer className="ketenregie-footer">
        <div className="ketenregie-footer__inner">
          <p>{t('layout.footer')}</p>
        </div>
      </footer>
      <ScrollRestoration />
      {session ? (
        <>
          <IdleWarning />
          <SessionExpiredDialog />
        </>
      ) : null}
    </div>
  );
};
