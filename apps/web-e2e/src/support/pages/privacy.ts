import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

export type AccessLogSearch = { family?: string; caseId?: string; user?: string; from?: string; to?: string; emergencyOnly?: boolean };

/**
 * As the privacy officer: opens "Toegangslog", fills the filters and presses "Zoeken". Answers the
 * results table once its rows (or its empty state) are there.
 */
export const searchAccessLog = async (page: Page, search: AccessLogSearch): Promise<Locator> => {
  if (!new URL(page.url()).pathname.startsWith('/toegangslog')) await page.getByRole('link', { name: 'Toegangslog', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Toegangslog' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Zoeken in het toegangslog' });
  await form.getByRole('button', { name: 'Filters wissen' }).click();
  if (search.family) await form.getByLabel('Gezin').fill(search.family);
  if (search.caseId) await form.getByLabel('Casus').fill(search.caseId);
  if (search.user) await form.getByLabel('Gebruiker').fill(search.user);
  if (search.from) await form.getByLabel('Van').fill(search.from);
  if (search.to) await form.getByLabel('Tot en met').fill(search.to);
  if (search.emergencyOnly) await form.getByLabel('Alleen noodtoegang').check();
  await form.getByRole('button', { name: 'Zoeken' }).click();
  const table = page.getByRole('table', { name: /Logregels, nieuwste eerst/ });
  await expect(table).toBeVisible();
  await expect(table.getByText('Toegangslog laden…')).toHaveCount(0);
  return table;
};

/** One filter field of the access log ("Gezin", "Casus", "Alleen noodtoegang"…). */
export const accessLogFilter = (page: Page, label: string): Locator =>
  page.getByRole('form', { name: 'Zoeken in het toegangslog' }).getByLabel(label);

/** The rows of the access log table by a user, optionally with one handling ("Ingezien", "Gewijzigd"). */
export const accessLogRows = (table: Locator, user: string, handling?: string): Locator => {
  const byUser = table.getByRole('row').filter({ hasText: user });
  return handling ? byUser.filter({ hasText: handling }) : byUser;
};

/** Presses "Exporteren voor het gezin" and answers the downloaded export, parsed. */
export const exportAccessLogForFamily = async (
  page: Page,
): Promise<{ familyId: string; entries: { action: string; organisationId: string }[] }> => {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporteren voor het gezin' }).click();
  const file = await download;
  const path = await file.path();
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(path, 'utf8')) as { familyId: string; entries: { action: string; organisationId: string }[] };
};

/** Opens "Logboekcontrole" and waits for the chain check's verdict ("Logboek intact" or "Onderbroken bij regel …"). */
export const openChainCheck = async (page: Page): Promise<Locator> => {
  await page.getByRole('link', { name: 'Logboekcontrole', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Logboekcontrole' })).toBeVisible();
  const verdict = page.getByRole('heading', { level: 2, name: /^(Logboek intact|Onderbroken bij regel .+)$/ });
  await expect(verdict).toBeVisible({ timeout: 30_000 });
  return verdict;
};

/** Opens "Noodtoegang" (to review) and answers the row of the grant on this case. */
export const openEmergencyGrant = async (page: Page, caseId: string): Promise<Locator> => {
  await page.getByRole('link', { name: 'Noodtoegang', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Noodtoegang' })).toBeVisible();
  const row = page
    .getByRole('table', { name: /Noodtoegang te beoordelen/ })
    .getByRole('row')
    .filter({ hasText: caseId });
  await expect(row).toHaveCount(1);
  return row;
};

/** Reviews a grant in its confirmation dialog: "Terecht", or "Onterecht" with a note. */
export const reviewEmergencyGrant = async (page: Page, row: Locator, verdict: 'Terecht' | 'Onterecht', note?: string): Promise<void> => {
  await row.getByRole('button', { name: /beoordelen/i }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Noodtoegang beoordelen' });
  await dialog.getByRole('radio', { name: verdict, exact: true }).check();
  if (note) await dialog.getByLabel(/Toelichting/).fill(note);
  await dialog.getByRole('button', { name: 'Beoordeling vastleggen' }).click();
  await expect(dialog).toBeHidden();
};
