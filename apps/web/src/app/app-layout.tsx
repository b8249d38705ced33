import { SessionExpiredDialog } from '@ketenregie/access-web';
import { currentLocale, sessionQueryKey, sessionQueryOptions, signOut, switchLocale } from '@ketenregie/platform-web';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { t } from '../i18n/i18n';
import { menuFor, primaryRole } from './role-menu';

/** After a client-side navigation, focus goes to the new page's H1 so a screen reader says where the user is. */
const useFocusHeadingOnNavigate = () => {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>('main h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: false });
    }
  }, [pathname]);
};

const SignedInHeader = () => {
  const { data: session } = useQuery(sessionQueryOptions());
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOutMutation = useMutation({
    mutationFn: signOut,
    onSettled: () => {
      // Nothing of the previous user stays in memory for the next one at this screen.
      queryClient.clear();
      queryClient.setQueryData(sessionQueryKey, null);
      navigate('/aanmelden', { replace: true });
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
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <div className="ketenregie-app">
      <a className="ketenregie-skip-link" href="#main">
        {t('layout.skipLink')}
      </a>
      <header className="ketenregie-header">
        <div className="ketenregie-header__inner">
          <Link to="/" className="ketenregie-header__brand">
            {t('app.name')}
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
      {session ? <SessionExpiredDialog /> : null}
    </div>
  );
};
