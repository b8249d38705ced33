import type { Route } from '@playwright/test';
import { apiAs } from './support/api';
import { expect, test } from './support/fixtures';
import { familyLabelOf, registerTestReport, worklistRow } from './support/pages/worklists';

test.describe('the shell: sign-in, header, menus, status and 404', () => {
  test('a visitor is sent to sign-in and back to the page they asked for', async ({
    page,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    await page.goto('/?tab=open');
    await expect(page).toHaveURL(/\/aanmelden\?terug=%2F%3Ftab%3Dopen$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Aanmelden' })).toBeVisible();
    await expect(page).toHaveTitle('Aanmelden – Ketenregie');
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await saveScreenshot('sign-in');
    await expectAccessible('sign-in page');

    // Sending nothing shows the schema's Dutch message at each field, without a request.
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await expect(page.getByText('Dit veld is verplicht.')).toHaveCount(2);
    await expect(page.getByLabel('Gebruikersnaam')).toHaveAttribute('aria-invalid', 'true');

    await page.getByLabel('Gebruikersnaam').fill('e2e-onbekend');
    await page.getByLabel('Wachtwoord').fill('geen geldig wachtwoord hier');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await expect(page.getByText('Deze combinatie van gebruikersnaam en wachtwoord kennen we niet.', { exact: false })).toBeVisible();
    // What was typed stays.
    await expect(page.getByLabel('Gebruikersnaam')).toHaveValue('e2e-onbekend');
    await expectAccessible('sign-in page with errors');
    expect(consoleErrors).toEqual([]);
  });

  test('a policy analyst signs in, sees name, role and organisation, and the full system status', async ({
    page,
    signInAs,
    consoleErrors,
    expectAccessible,
  }) => {
    await signInAs('analyst');
    await expect(page).toHaveURL(/\/status$/);
    const banner = page.getByRole('banner');
    await expect(banner).toContainText('Ada Analist');
    await expect(banner).toContainText('Beleidsanalist');
    await expect(page.getByRole('heading', { level: 1, name: 'Systeemstatus' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Projecties' })).toBeVisible();
    await expectAccessible('system status, signed in');

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await expect(page).toHaveURL(/\/aanmelden$/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/aanmelden\?terug=%2F$/);
    expect(consoleErrors).toEqual([]);
  });

  test('signing out while a worklist refreshes ends quietly, and the next person sees nothing of the previous one', async ({
    page,
    signInAs,
    consoleErrors,
  }) => {
    const vt = await apiAs('vt');
    const report = { familyName: `Uitlog${Math.random().toString(36).slice(2, 7)}` };
    await registerTestReport(vt, report);
    await vt.dispose();

    // The browser's clock is ours, so the worklist's data turns stale exactly when the test says.
    await page.clock.install();
    await signInAs('vt');
    await page.goto('/werkvoorraad/beoordelen');
    await expect(worklistRow(page, familyLabelOf(report))).toBeVisible();

    // From here every worklist read waits at the network until the test lets it through.
    const held: Route[] = [];
    let holding = true;
    const firstHeld = new Promise<void>((resolve) => {
      void page.route('**/api/v1/worklists/**', async (route) => {
        if (!holding) return route.continue();
        held.push(route);
        resolve();
      });
    });
    // Stale, and the window gets focus back: the worklist refreshes itself.
    await page.clock.fastForward('00:06');
    await page.evaluate(() => window.dispatchEvent(new Event('visibilitychange')));
    await firstHeld;

    // The server ends the session first; the reads still in flight then reach it and answer 401
    // before the client hears that the sign-out is done.
    await page.route('**/api/v1/auth/sign-out', async (route) => {
      const response = await route.fetch();
      holding = false;
      for (const read of held.splice(0)) {
        try {
          await read.fulfill({ response: await read.fetch() });
        } catch {
          // The client gave up on this read before signing out: nothing reaches the page.
        }
      }
      await route.fulfill({ response });
    });
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await expect(page).toHaveURL(/\/aanmelden$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Aanmelden' })).toBeVisible();
    await expect(page.getByRole('alertdialog', { name: 'Uw sessie is verlopen' })).toHaveCount(0);
    await page.unroute('**/api/v1/auth/sign-out');
    await page.unroute('**/api/v1/worklists/**');

    // The next person at this browser: while their own lists are still on the way, nothing of
    // the previous person's lists shows from memory.
    await page.route('**/api/v1/worklists/**', () => undefined);
    await signInAs('ts');
    const tabs = page.getByRole('navigation', { name: 'Werklijsten' });
    await expect(tabs).toBeVisible();
    await expect(page.getByText(report.familyName)).toHaveCount(0);
    // No tab names a count: none is known yet for this person.
    await expect(tabs.getByRole('link', { name: /\d/ })).toHaveCount(0);
    await page.unroute('**/api/v1/worklists/**');
    expect(consoleErrors).toEqual([]);
  });

  test('an unknown address shows the 404 page', async ({ page, consoleErrors, expectAccessible }) => {
    await page.goto('/bestaat-niet');
    await expect(page.getByRole('heading', { level: 1, name: 'Pagina niet gevonden' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Naar de startpagina' })).toBeVisible();
    // The skip link moves keyboard focus into the main content.
    await page.getByRole('link', { name: 'Naar de inhoud' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
    await expectAccessible('404 page');
    expect(consoleErrors).toEqual([]);
  });

  test('the status page tells a visitor only that the service is up', async ({ page }) => {
    await page.goto('/status');
    await expect(page.getByRole('heading', { level: 1, name: 'Systeemstatus' })).toBeVisible();
    await expect(page.getByText('Bereikbaar')).toBeVisible();
    await expect(page.getByRole('table')).toHaveCount(0);
  });
});

test.describe('the shell: idle warning, DEMO marker, language and focus', () => {
  test('warns two minutes before an unused session ends, extends it, and hands over to the sign-in dialog at the end', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    // The browser's clock is ours to move; the server keeps real time, so its session stays alive.
    await page.clock.install();
    await signInAs('analyst');
    // A page that asks nothing more of the API: the status page polls, and every answer extends the session.
    await page.goto('/bestaat-niet');
    await expect(page.getByRole('heading', { level: 1, name: 'Pagina niet gevonden' })).toBeVisible();
    // The session answer has come (the header shows its user): the client counts from it.
    await expect(page.getByRole('banner')).toContainText('Ada Analist');
    const warning = page.getByRole('alertdialog', { name: 'Uw sessie verloopt over 2 minuten' });

    await page.clock.fastForward('27:00');
    await expect(warning).toBeHidden();
    await page.clock.fastForward('01:30');
    await expect(warning).toBeVisible();
    await expect(warning.getByRole('button', { name: 'Sessie verlengen' })).toBeVisible();
    await saveScreenshot('idle-warning');
    await expectAccessible('idle warning dialog');

    await warning.getByRole('button', { name: 'Sessie verlengen' }).click();
    await expect(warning).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'Uw sessie is verlengd.' })).toBeAttached();
    // Extended: 29 minutes on it is quiet, where the old end would have warned long ago...
    await page.clock.fastForward('27:00');
    await expect(warning).toBeHidden();
    // ...and it warns again two minutes before the new end.
    await page.clock.fastForward('01:30');
    await expect(warning).toBeVisible();

    // Left alone, the session ends: the sign-in dialog opens over the page, the page stays.
    await page.clock.fastForward('02:00');
    await expect(warning).toBeHidden();
    await expect(page.getByRole('alertdialog', { name: 'Uw sessie is verlopen' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Pagina niet gevonden' })).toBeAttached();
    expect(consoleErrors).toEqual([]);
  });

  test('near the absolute end it says the session cannot be extended', async ({ page, signInAs, consoleErrors, expectAccessible }) => {
    await page.clock.install();
    await signInAs('analyst');
    // As if signed in long ago: the server's answer, with its absolute end ten minutes away.
    await page.route('**/api/v1/auth/session', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { expiresAt: string; idleTimeoutSeconds: number };
      const serverNow = Date.parse(body.expiresAt) - body.idleTimeoutSeconds * 1000;
      await route.fulfill({ response, json: { ...body, endsAt: new Date(serverNow + 10 * 60_000).toISOString() } });
    });
    await page.goto('/bestaat-niet');
    await expect(page.getByRole('banner')).toContainText('Ada Analist');
    await page.clock.fastForward('08:30');
    const warning = page.getByRole('alertdialog', { name: 'Uw sessie eindigt over 2 minuten' });
    await expect(warning).toBeVisible();
    await expect(warning).toContainText('Deze sessie kan niet langer worden verlengd.');
    await expect(warning.getByRole('button', { name: 'Sessie verlengen' })).toHaveCount(0);
    await expectAccessible('session end warning dialog');
    await warning.getByRole('button', { name: 'Sluiten' }).click();
    await expect(warning).toBeHidden();
    expect(consoleErrors).toEqual([]);
  });

  test('marks every page DEMO while the demo region is on, and not otherwise', async ({
    page,
    consoleErrors,
    expectAccessible,
    saveScreenshot,
  }) => {
    // This server runs without the demo region.
    await page.goto('/bestaat-niet');
    await expect(page.getByRole('heading', { level: 1, name: 'Pagina niet gevonden' })).toBeVisible();
    await expect(page.getByRole('banner').getByText('DEMO', { exact: true })).toHaveCount(0);

    // With it, the public sign-in options say so; the header reads only that.
    await page.route('**/api/v1/auth/sign-in-options', (route) =>
      route.fulfill({ status: 200, json: { oidc: false, demoAccounts: true } }),
    );
    await page.reload();
    await expect(page.getByRole('banner')).toContainText('DEMO');
    await expect(page.getByRole('link', { name: /Ketenregie DEMO/ })).toBeVisible();
    await expectAccessible('header with DEMO marker');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot('header-demo-390');
    expect(consoleErrors).toEqual([]);
  });

  test('speaks English when asked, with lang on the page, and moves focus to the new heading after navigation', async ({
    page,
    signInAs,
    consoleErrors,
  }) => {
    await signInAs('analyst');
    await page.goto('/bestaat-niet');
    await page.getByRole('link', { name: 'Naar de startpagina' }).click();
    await expect(page).toHaveURL(/\/status$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Systeemstatus' })).toBeFocused();

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'System status' })).toBeVisible();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'Naar het Nederlands' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Systeemstatus' })).toBeVisible();
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(consoleErrors).toEqual([]);
  });

  test('a new page opens at its top, and Back returns to where the user was', async ({ page, consoleErrors }) => {
    // Short enough that the 404 page scrolls.
    await page.setViewportSize({ width: 390, height: 240 });
    await page.goto('/bestaat-niet');
    const home = page.getByRole('link', { name: 'Naar de startpagina' });
    await home.scrollIntoViewIfNeeded();
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(0);
    await home.click();
    await expect(page).toHaveURL(/\/aanmelden/);
    await expect(page.getByRole('heading', { level: 1, name: 'Aanmelden' })).toBeVisible();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1, name: 'Pagina niet gevonden' })).toBeAttached();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(scrolled);
    expect(consoleErrors).toEqual([]);
  });
});
