import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test as base } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { E2eAccount } from './accounts';
import { e2eAccounts, serverFromEnvironment } from './accounts';

const screenshotDir = resolve(__dirname, '../../../../dist/e2e');

type Fixtures = {
  /** Console errors and uncaught page errors seen so far; a test ends by expecting none. */
  consoleErrors: string[];
  signInAs: (account: E2eAccount) => Promise<void>;
  /** Saves a full-page screenshot as dist/e2e/<name>.png. */
  saveScreenshot: (name: string) => Promise<void>;
  /** axe-core on the page as it is now: no serious or critical WCAG 2.1 AA violation. */
  expectAccessible: (what: string) => Promise<void>;
};

export const signIn = async (page: Page, account: E2eAccount) => {
  const { password } = serverFromEnvironment();
  await page.goto('/aanmelden');
  await page.getByLabel('Gebruikersnaam').fill(e2eAccounts[account].username);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  // The header names who is signed in; the start page may name the same person in its rows too.
  await expect(page.getByRole('banner')).toContainText(e2eAccounts[account].name);
};

export const test = base.extend<Fixtures>({
  // The server starts in the global setup, after this file is read: its address comes from there.
  // Playwright reads a fixture's dependencies from its first parameter, so it must be a pattern.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => use(serverFromEnvironment().baseUrl),
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error' && message.type() !== 'warning') return;
      // Chromium logs every 4xx as a console error. "No session" (401 from the session endpoint) and a
      // refused sign-in are answers the app expects and shows; any other failed request still counts.
      const url = message.location().url;
      const expected401 = message.text().includes('status of 401') && /\/api\/v1\/auth\/(session|sign-in)$/.test(url);
      if (!expected401) errors.push(`${message.type()}: ${message.text()} (${url})`);
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
  },
  signInAs: async ({ page }, use) => use((account) => signIn(page, account)),
  saveScreenshot: async ({ page }, use) => {
    mkdirSync(screenshotDir, { recursive: true });
    await use(async (name) => {
      await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
    });
  },
  expectAccessible: async ({ page }, use) => {
    await use(async (what) => {
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const blocking = result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
      const summary = blocking.map(
        (v) =>
          `${v.impact} ${v.id}: ${v.help} at ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      );
      console.log(`axe ${what}: ${result.violations.length} finding(s), ${blocking.length} serious/critical`);
      expect(summary, `axe on ${what}`).toEqual([]);
    });
  },
});

export { expect };
