import { expect, test } from './support/fixtures';

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
