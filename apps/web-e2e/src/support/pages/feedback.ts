import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { ApiSession, CommandResult } from '../api';
import { openDialog } from './case-actions';
import { openCaseTab } from './case';

const jeugdzorg = { organisationId: 'jeugdzorg', name: 'Jeugdzorg Zuid', kind: 'other' } as const;

export type PartnerSignalKind = 'task-stalls' | 'family-stopped-cooperating';

/**
 * Over the API, as the director: Jeugdzorg Zuid (the `partner` account's organisation) involved in
 * the case with a safety condition of its own, so it has a task there and may raise signals.
 */
export const giveJeugdzorgATask = async (director: ApiSession, caseId: string, condition: string): Promise<CommandResult> => {
  await director.send(`/cases/${encodeURIComponent(caseId)}/chain-partners`, {
    organisation: jeugdzorg,
    role: 'aid-provider',
    task: 'Gezinsbegeleiding twee keer per week.',
  });
  return director.send(`/cases/${encodeURIComponent(caseId)}/safety-conditions`, {
    text: condition,
    owner: { organisation: jeugdzorg },
    dueOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
  });
};

/** Over the API, as a chain partner or referrer: a signal to the case's director. */
export const raiseSignalOverApi = (raiser: ApiSession, caseId: string, kind: PartnerSignalKind, reason: string): Promise<CommandResult> =>
  raiser.send(`/cases/${encodeURIComponent(caseId)}/signals`, { kind, reason });

/** The case page's panel of signals the director has not seen yet. */
export const signalsPanel = (page: Page): Locator => page.getByRole('region', { name: 'Signalen', exact: true });

/** "Gezien" on one open signal (by its Dutch kind and who raised it), with an optional note. */
export const acknowledgeSignal = async (page: Page, kind: string, source: string, note = ''): Promise<void> => {
  await signalsPanel(page)
    .getByRole('button', { name: `Gezien: ${kind} van ${source}` })
    .click();
  const dialog = await openDialog(page, 'Signaal gezien');
  if (note) await dialog.getByLabel(/Wat doet u ermee\?/).fill(note);
  await dialog.getByRole('button', { name: 'Gezien', exact: true }).click();
  await expect(page.locator('dialog[open]')).toHaveCount(0);
};

/** Opens the "Terugkoppeling" tab of the open case. */
export const openFeedbackTab = async (page: Page): Promise<Locator> => {
  await openCaseTab(page, 'Terugkoppeling');
  await expect(page.getByRole('heading', { level: 2, name: 'Terugkoppeling aan melders' })).toBeVisible();
  return page.locator('.ketenregie-case__tab');
};

/** Opens "Controleer bericht aan melder" and chooses the moment and note; answers the dialog. */
export const fillFeedbackMessage = async (
  page: Page,
  message: { milestone: string; note?: string; referrer?: RegExp },
): Promise<Locator> => {
  await page.getByRole('button', { name: 'Controleer bericht aan melder' }).click();
  const dialog = await openDialog(page, 'Controleer bericht aan melder');
  if (message.referrer) await dialog.getByLabel('Melder').selectOption({ label: message.referrer.source });
  await dialog.getByLabel('Moment').selectOption({ label: message.milestone });
  if (message.note !== undefined) await dialog.getByLabel(/Persoonlijke toelichting/).fill(message.note);
  return dialog;
};

/** "Controleer bericht": the server's preview, shown as the referrer will read it. */
export const previewFeedback = async (dialog: Locator): Promise<Locator> => {
  await dialog.getByRole('button', { name: 'Controleer bericht', exact: true }).click();
  const preview = dialog.getByRole('region', { name: 'Zo leest de melder het bericht' });
  await expect(preview).toBeVisible();
  return preview;
};

/** Previews, then "Versturen"; waits until the dialog closed after the send. */
export const previewAndSendFeedback = async (page: Page, message: { milestone: string; note?: string }): Promise<void> => {
  const dialog = await fillFeedbackMessage(page, message);
  await previewFeedback(dialog);
  await dialog.getByRole('button', { name: 'Versturen', exact: true }).click();
  await expect(page.locator('dialog[open]')).toHaveCount(0);
};

/** As the partner on "Mijn taken": "Taak stagneert" or "Gezin werkt niet meer mee" for a family, with a reason. */
export const raiseSignalInMyTasks = async (
  page: Page,
  familyLabel: string,
  kind: 'Taak stagneert' | 'Gezin werkt niet meer mee',
  reason: string,
) => {
  await page.getByRole('button', { name: `${kind}: ${familyLabel}` }).click();
  const dialog = await openDialog(page, kind);
  await dialog.getByLabel('Reden').fill(reason);
  await dialog.getByRole('button', { name: 'Signaal versturen' }).click();
  await expect(page.locator('dialog[open]')).toHaveCount(0);
};
