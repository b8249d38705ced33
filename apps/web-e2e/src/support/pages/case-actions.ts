import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

/** The dialog that is open now (a `<dialog>` opened with showModal), checked to carry the given name. */
export const openDialog = async (page: Page, name: string | RegExp): Promise<Locator> => {
  const dialog = page.locator('dialog[open]');
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleName(name);
  return dialog;
};

/** The case's actions section ("Acties"): the primary action and those under "Meer acties". */
export const caseActionsRegion = (page: Page): Locator => page.getByRole('region', { name: 'Acties', exact: true });

/** Clicks an action of the case by its label and answers its dialog (named by the same label). */
export const runCaseAction = async (page: Page, label: string): Promise<Locator> => {
  await caseActionsRegion(page).getByRole('button', { name: label, exact: true }).click();
  return openDialog(page, label);
};

/** Waits until a dialog closed after a save, which the app announces politely as "Opgeslagen". */
export const expectSaved = async (page: Page): Promise<void> => {
  await expect(page.locator('dialog[open]')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Opgeslagen' })).toHaveCount(1);
};

export const startAssessment = async (page: Page): Promise<void> => {
  const dialog = await runCaseAction(page, 'Beoordeling starten');
  await dialog.getByRole('button', { name: 'Beoordeling starten' }).click();
  await expectSaved(page);
};

export const completeAssessment = async (page: Page, answers: { acute: boolean; structural: boolean }): Promise<void> => {
  const dialog = await runCaseAction(page, 'Beoordeling afronden');
  const answer = (yes: boolean) => (yes ? 'Ja' : 'Nee');
  await dialog.getByRole('group', { name: 'Is er acute onveiligheid?' }).getByLabel(answer(answers.acute)).check();
  await dialog.getByRole('group', { name: 'Is er structurele onveiligheid?' }).getByLabel(answer(answers.structural)).check();
  await dialog.getByRole('button', { name: 'Beoordeling afronden' }).click();
  await expectSaved(page);
};

const startsWith = (text: string): RegExp => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

/**
 * Fills the hand-over offer ("Aan" chosen by the organisation's name, optionally one person,
 * "Toelichting") up to its confirmation; `confirm: false` leaves the confirmation open for a
 * screenshot. `to`, the organisation's code, is only a fallback for a name the list lacks.
 */
export const offerHandover = async (
  page: Page,
  offer: { to: string; organisationName: string; person?: string; explanation: string; confirm?: boolean },
): Promise<Locator> => {
  const dialog = await runCaseAction(page, 'Overdracht aanbieden');
  await expect(dialog.getByText('U blijft regisseur tot de ontvanger accepteert.')).toBeVisible();
  // Up to five organisations are radio buttons in the group "Aan", more are a select labelled "Aan".
  const group = dialog.getByRole('group', { name: 'Aan', exact: true });
  const select = dialog.getByRole('combobox', { name: 'Aan', exact: true });
  await expect(group.or(select)).toBeVisible();
  if (await group.isVisible()) {
    const byName = group.getByRole('radio', { name: startsWith(offer.organisationName) });
    await ((await byName.count()) > 0 ? byName : group.locator(`input[value="${offer.to}"]`)).check();
  } else {
    const option = select.locator('option').filter({ hasText: startsWith(offer.organisationName) });
    await select.selectOption((await option.count()) > 0 ? { label: (await option.first().textContent()) ?? '' } : offer.to);
  }
  if (offer.person) {
    const person = dialog.getByLabel('Persoon');
    await expect(person.locator('option', { hasText: offer.person })).toHaveCount(1);
    await person.selectOption({ label: offer.person });
  }
  await dialog.getByLabel('Toelichting').fill(offer.explanation);
  await dialog.getByRole('button', { name: 'Overdracht aanbieden' }).click();
  await expect(dialog.getByText(`U biedt de regie aan`)).toBeVisible();
  if (offer.confirm !== false) {
    await dialog.getByRole('button', { name: 'Bevestigen' }).click();
    await expectSaved(page);
  }
  return dialog;
};

/** The receiver accepts the pending hand-over and becomes director. */
export const acceptHandover = async (page: Page): Promise<void> => {
  const dialog = await runCaseAction(page, 'Accepteren');
  await dialog.getByRole('button', { name: 'Accepteren' }).click();
  await expectSaved(page);
};

/** Plans the rappels with the signed-in Veilig Thuis professional as owner; empty offsets: the region's schedule. */
export const scheduleRappels = async (page: Page, offsets?: string): Promise<void> => {
  const dialog = await runCaseAction(page, 'Rappels plannen');
  if (offsets) await dialog.getByLabel('Na hoeveel maanden').fill(offsets);
  await dialog.getByRole('button', { name: 'Rappels plannen' }).click();
  await expectSaved(page);
};

/** Records the outcome of the next rappel; "Onveilig" asks for confirmation and returns direction to Veilig Thuis. */
export const recordRappelOutcome = async (page: Page, outcome: 'Veilig' | 'Zorgen' | 'Onveilig', notes = ''): Promise<void> => {
  const dialog = await runCaseAction(page, 'Uitkomst vastleggen');
  await dialog.getByRole('group', { name: 'Uitkomst' }).getByLabel(outcome, { exact: true }).check();
  if (notes) await dialog.getByLabel('Toelichting').fill(notes);
  await dialog.getByRole('button', { name: 'Uitkomst vastleggen' }).click();
  if (outcome === 'Onveilig') {
    await expect(dialog.getByText('De regie gaat direct terug naar Veilig Thuis.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Bevestigen' }).click();
  }
  await expectSaved(page);
};

/**
 * On the case's "Ketenpartners" tab: involves a chain partner chosen by name through the dialog
 * "Ketenpartner toevoegen" and answers the dialog before it is sent (for axe or a screenshot).
 */
export const fillChainPartner = async (page: Page, partner: { organisation: string; role: string; task: string }): Promise<Locator> => {
  await page.getByRole('button', { name: 'Ketenpartner toevoegen', exact: true }).click();
  const dialog = await openDialog(page, 'Ketenpartner toevoegen');
  await dialog.getByLabel('Organisatie', { exact: true }).selectOption({ label: partner.organisation });
  await dialog.getByLabel('Rol in deze casus').selectOption({ label: partner.role });
  await dialog.getByLabel('Taak').fill(partner.task);
  return dialog;
};

/** Sends the filled dialog "Ketenpartner toevoegen" and waits for "Opgeslagen". */
export const addChainPartner = async (page: Page, partner: { organisation: string; role: string; task: string }): Promise<void> => {
  const dialog = await fillChainPartner(page, partner);
  await dialog.getByRole('button', { name: 'Ketenpartner toevoegen', exact: true }).click();
  await expectSaved(page);
};
