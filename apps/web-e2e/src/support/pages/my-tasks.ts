import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

/** A chain partner's start page. */
export const openMyTasks = async (page: Page) => {
  await page.goto('/mijn-taken');
  await expect(page.getByRole('heading', { level: 1, name: 'Mijn taken' })).toBeVisible();
  await expect(page.getByText('Taken laden…')).toHaveCount(0);
};

/** The card of one family on "Mijn taken" (by the family label the lists show, e.g. "Jansen, 4201"). */
export const taskCard = (page: Page, familyLabel: string) =>
  page.getByRole('article', { name: new RegExp(`^${familyLabel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });

/** "Status doorgeven" on the partner's own condition: "Nagekomen" or "Niet nagekomen". */
export const reportConditionStatus = async (page: Page, condition: string, status: 'Nagekomen' | 'Niet nagekomen', notes = '') => {
  await page.getByRole('button', { name: `Status doorgeven: ${condition}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Status doorgeven' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radio', { name: status, exact: true }).check();
  if (notes) await dialog.getByLabel('Toelichting').fill(notes);
  await dialog.getByRole('button', { name: 'Status doorgeven' }).click();
  await expect(dialog).toBeHidden();
};
