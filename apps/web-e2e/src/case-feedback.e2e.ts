import { apiAs } from './support/api';
import { expect, test } from './support/fixtures';
import { openCase, registerReportOverApi, uniqueFamilyName } from './support/pages/case';
import {
  acknowledgeSignal,
  fillFeedbackMessage,
  giveJeugdzorgATask,
  openFeedbackTab,
  previewFeedback,
  raiseSignalInMyTasks,
  raiseSignalOverApi,
  signalsPanel,
} from './support/pages/feedback';
import { openMyTasks, taskCard } from './support/pages/my-tasks';

// A chain partner tells the director its task stalls; the director sees it above the case's
// actions, marks it seen, and then checks and sends a message with a personal note to the
// referrer, and sees how its delivery went.

const familyName = uniqueFamilyName('Terug');
const condition = `Jeugdzorg start gezinsbegeleiding (${familyName})`;
const stalls = 'Het gezin zegt sinds drie weken elke afspraak af.';
const note = 'Bel gerust als u vragen hebt over de begeleiding op school.';

test.describe.serial('signals and feedback to the referrer', () => {
  let caseId = '';
  let familyLabel = '';

  test.beforeAll(async () => {
    const vt = await apiAs('vt');
    try {
      ({ caseId } = await registerReportOverApi(vt, { familyName }));
      const given = await giveJeugdzorgATask(vt, caseId, condition);
      ({ familyLabel } = await vt.get<{ familyLabel: string }>(`/cases/${caseId}?after=${encodeURIComponent(given.checkpoint)}`));
    } finally {
      await vt.dispose();
    }
  });

  test('the partner reports from "Mijn taken" that the family stopped cooperating', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    await signInAs('partner');
    await openMyTasks(page);
    await page.getByRole('button', { name: `Gezin werkt niet meer mee: ${familyLabel}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Gezin werkt niet meer mee' });
    await dialog.getByRole('button', { name: 'Signaal versturen' }).click();
    await expect(dialog.getByText('Vul een reden in.').first()).toBeVisible();
    await saveScreenshot('partner-signal-dialog');
    await expectAccessible('partner signal dialog');
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    await raiseSignalInMyTasks(page, familyLabel, 'Gezin werkt niet meer mee', 'Moeder wil de begeleiding niet meer binnenlaten.');
    await expect(page.getByRole('status').filter({ hasText: 'Signaal verstuurd aan Vera Thuis.' })).toHaveCount(1);
    await expect(page.getByRole('button', { name: `Gezin werkt niet meer mee: ${familyLabel}` })).toBeFocused();
    // The card keeps what the partner reported, and whether the director saw it.
    await expect(taskCard(page, familyLabel).getByTestId('task-signal')).toContainText([
      /^Gezin werkt niet meer mee, gemeld op .*De regisseur heeft het nog niet gezien\.$/,
    ]);
    await saveScreenshot('my-tasks-signal');
    expect(consoleErrors).toEqual([]);
  });

  test('the director sees the partner’s signals, marks one seen, and sends feedback with a note', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    test.setTimeout(120_000);
    const partner = await apiAs('partner');
    try {
      await raiseSignalOverApi(partner, caseId, 'task-stalls', stalls);
    } finally {
      await partner.dispose();
    }

    await signInAs('vt');
    // The worklist names the case under "Signalen".
    await page.goto('/werkvoorraad/signalen');
    await expect(page.getByRole('navigation', { name: 'Werklijsten' }).getByRole('link', { name: /^Signalen [1-9]/ })).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: familyLabel })).toHaveCount(1);

    await openCase(page, caseId);
    const panel = signalsPanel(page);
    await expect(panel).toContainText('Er zijn 2 signalen die u nog niet hebt gezien.');
    const stalled = panel.getByTestId('case-signal').filter({ hasText: 'Taak stagneert' });
    await expect(stalled).toContainText('Jeugdzorg Zuid');
    await expect(stalled).toContainText(stalls);
    await saveScreenshot('case-signals');
    await expectAccessible('case page with signals');

    await panel.getByRole('button', { name: 'Gezien: Taak stagneert van Jeugdzorg Zuid' }).click();
    const ack = page.getByRole('dialog', { name: 'Signaal gezien' });
    await expect(ack).toContainText(stalls);
    await expectAccessible('acknowledge signal dialog');
    await ack.getByRole('button', { name: 'Annuleren' }).click();
    await acknowledgeSignal(page, 'Taak stagneert', 'Jeugdzorg Zuid', 'Besproken met Jeugdzorg; huisbezoek gepland.');
    await expect(panel).toContainText('Er is 1 signaal dat u nog niet hebt gezien.');
    await expect(panel.getByTestId('case-signal').filter({ hasText: 'Taak stagneert' })).toHaveCount(0);

    // The feedback tab: the referrer, what they hear, and the signal seen as history.
    const tab = await openFeedbackTab(page);
    const seen = tab.getByTestId('seen-signal').filter({ hasText: 'Taak stagneert' });
    await expect(seen).toContainText('Gezien door Vera Thuis');
    await expect(seen).toContainText('Besproken met Jeugdzorg; huisbezoek gepland.');
    const report = tab.getByTestId('feedback-report').first();
    await expect(report).toContainText('Krijgt terugkoppeling per e-mail.');
    await expect(report.getByTestId('feedback-milestone').filter({ hasText: 'Melding ontvangen' })).toBeVisible();

    // Check the message: the preview is exactly what the referrer reads, with the note.
    const dialog = await fillFeedbackMessage(page, { milestone: 'Melding ontvangen', note });
    let preview = await previewFeedback(dialog);
    await expect(preview.getByTestId('feedback-preview-text')).toContainText(note);
    await saveScreenshot('feedback-preview');
    await expectAccessible('feedback preview dialog');

    // Changing the note makes the preview stale: it must be checked again before sending.
    await dialog.getByLabel(/Persoonlijke toelichting/).fill(`${note} Groet, Vera.`);
    await expect(dialog).toContainText('Controleer het bericht opnieuw voordat u het verstuurt.');
    await expect(dialog.getByRole('button', { name: 'Versturen', exact: true })).toHaveCount(0);
    preview = await previewFeedback(dialog);
    await expect(preview.getByTestId('feedback-preview-text')).toContainText('Groet, Vera.');
    await dialog.getByRole('button', { name: 'Versturen', exact: true }).click();
    await expect(page.locator('dialog[open]')).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Bericht aan de melder verstuurd.' })).toHaveCount(1);

    // The feedback context queues the message after the case recorded the request, and the mail
    // worker delivers it soon: the tab keeps reading the case until it shows, with its note and its
    // delivery status in words, without a reload.
    const received = report.getByTestId('feedback-milestone').filter({ hasText: 'Melding ontvangen' });
    await expect(received.locator('li').filter({ hasText: 'Met persoonlijke toelichting.' })).toContainText('afgeleverd', {
      timeout: 45_000,
    });
    await saveScreenshot('feedback-tab');
    await expectAccessible('case page, Terugkoppeling');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot('feedback-tab-390');
    await expectAccessible('case page, Terugkoppeling at 390 px');
    expect(consoleErrors).toEqual([]);
  });
});
