import { Link, NavLink, Outlet } from 'react-router-dom';
import { t } from '../i18n/i18n';

export const AppLayout = () => (
  <div className="app">
    <a className="skip-link" href="#main">
      {t('layout.skipLink')}
    </a>
    <header className="app-header">
      <div className="app-header__inner">
        <Link to="/" className="app-header__brand">
          <span className="app-header__logo" aria-hidden="true">
            K
          </span>
          <span>
            <span className="app-header__name">{t('app.name')}</span>
            <span className="app-header__tagline">{t('app.tagline')}</span>
          </span>
        </Link>
        <nav aria-label={t('layout.mainNavigation')} className="app-nav">
          <ul>
            <li>
              <NavLink to="/" end>
                {t('nav.start')}
              </NavLink>
            </li>
          </ul>
        </nav>
      </div>
    </header>
    {/* tabIndex -1 lets the skip link move keyboard focus into main, not just scroll to it. */}
    <main id="main" tabIndex={-1} className="app-main">
      <Outlet />
    </main>
    <footer className="app-footer">
      <p>{t('layout.footer')}</p>
    </footer>
  </div>
);
