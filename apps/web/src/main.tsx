import { currentLocale } from '@ketenregie/platform-web';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Design system first (its base tokens, its components), then the Ketenregie theme over it.
import '@utrecht/design-tokens/dist/theme.css';
import '@utrecht/component-library-css/dist/index.css';
import '@ketenregie/ui/theme/ketenregie-theme.css';
import '@ketenregie/ui/ketenregie.css';
import { App } from './app/app';
import './styles.css';

// Before the first render: screen readers pick their voice by it, and shared components read it.
document.documentElement.lang = currentLocale();

const container = document.getElementById('root');
if (!container) throw new Error('Element #root ontbreekt in index.html');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
