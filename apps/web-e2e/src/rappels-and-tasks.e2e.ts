import { apiAs } from './support/api';
import { expect, test } from './support/fixtures';
import { openMyTasks, reportConditionStatus, taskCard } from './support/pages/my-tasks';
import { isoWeekOf, openRappelPlanner, rescheduleInPlanner, setUpMonitoredCase } from './support/pages/rappels';

// Veilig Thuis plans its follow-ups after a hand-over and records an unsafe outcome, which takes
// direction back at once; a chain partner sees only its own task in that case and reports on it.
// Rappels fall due months after the hand-over (the region's rule), so the planner opens that week.

const suffix = Math.random().toString(36).slice(2, 7);
const familyName = `Rappel${suffix}`;
const ownCondition = `Jeugdzorg start gezinsbegeleiding (${suffix})`;
const otherCondition = `GGZ start behandeling van vader (${suffix})`;
const inAMonth = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

test.describe.serial('rappel planner and a partner’s tasks', () => {
  let setUp: Awaited<ReturnType<typeof setUpMonitoredCase>>;

  test.beforeAll(async () => {
    const vt = await apiAs('vt');
    const ts = await apiAs('ts');
    try {
      setUp = await setUpMonitoredCase(vt, ts, familyName);
      // Another partner's condition in the same plan: the partner must not see it.
      await ts.send(`/cases/${setUp.caseId}/safety-conditions`, {
        text: otherCondition,
        owner: { organisation: { organisationId: 'ggz', name: 'GGZ Zuid', kind: 'other' } },
        dueOn: inAMonth(30),
      });
    } finally {
      await vt.dispose();
      await ts.dispose();
    }
  });

  test('Veilig Thuis records an unsafe outcome in the planner; the row shows the escalation at once', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    const [first] = setUp.rappels;
    await signInAs('vt');
    await page.getByRole('link', { name: 'Rappelplanner' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Rappelplanner' })).toBeVisible();
    await expect(page).toHaveTitle('Rappelplanner – Ketenregie');

    await openRappelPlanner(page, first.dueOn);
    const row = page.getByRole('row').filter({ hasText: setUp.familyLabel });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('link', { name: setUp.familyLabel })).toHaveAttribute('href', `/casussen/${setUp.caseId}`);
    await expect(row).toContainText('Vera Thuis (Veilig Thuis Zuid-Holland Zuid)');
    await expect(row).toContainText('Team Sociaal Gorinchem');
    await expect(row).toContainText('Nog niet vastgelegd');
    await saveScreenshot('rappel-planner-list');
    await expectAccessible('rappel planner, list');

    // Week navigation is in the URL: one week on has no rappel of this family, and back again.
    await page.getByRole('link', { name: 'Volgende week' }).click();
    await expect(page.getByRole('row').filter({ hasText: setUp.familyLabel })).toHaveCount(0);
    await page.getByRole('link', { name: 'Vorige week' }).click();
    await expect(page.getByRole('row').filter({ hasText: setUp.familyLabel })).toHaveCount(1);

    // The calendar: seven labelled days, the rappel on its own day, every action reachable by Tab.
    await page.getByRole('link', { name: 'Kalender' }).click();
    await expect(page).toHaveURL(/weergave=kalender/);
    const dayName = new Intl.DateTimeFormat('nl-NL', {
      weekday: 'short',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/Amsterdam',
    }).format(new Date(`${first.dueOn}T12:00:00Z`));
    await expect(page.getByRole('region', { name: dayName, exact: true }).getByRole('link', { name: setUp.familyLabel })).toBeVisible();
    await saveScreenshot('rappel-planner-calendar');
    await expectAccessible('rappel planner, calendar');
    await page.getByRole('link', { name: setUp.familyLabel }).focus();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: `Uitkomst vastleggen voor ${setUp.familyLabel}` })).toBeFocused();

    // The dialog: "Onveilig" warns; notes are required for it.
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Uitkomst vastleggen: ${setUp.familyLabel}` });
    await expect(dialog).toBeVisible();
    await expectAccessible('record outcome dialog');
    await dialog.getByRole('radio', { name: 'Onveilig', exact: true }).check();
    await expect(dialog).toContainText('De regie gaat direct terug naar Veilig Thuis.');
    await dialog.getByRole('button', { name: 'Uitkomst vastleggen', exact: true }).click();
    await expect(dialog.getByText('Vul een toelichting in bij Zorgen of Onveilig.').first()).toBeVisible();
    await dialog.getByLabel('Toelichting').fill('Nieuw incident; politie ter plaatse geweest.');
    await saveScreenshot('rappel-outcome-dialog');

    // Meanwhile the local team changes the case: a condition for the youth care partner.
    const ts = await apiAs('ts');
    try {
      await ts.send(`/cases/${setUp.caseId}/safety-conditions`, {
        text: ownCondition,
        owner: { organisation: { organisationId: 'jeugdzorg', name: 'Jeugdzorg Zuid', kind: 'other' } },
        dueOn: inAMonth(21),
      });
    } finally {
      await ts.dispose();
    }

    await dialog.getByRole('button', { name: 'Uitkomst vastleggen', exact: true }).click();
    await expect(dialog.getByRole('heading', { name: 'Onveilig vastleggen?' })).toBeVisible();
    await expectAccessible('confirm unsafe outcome');
    await dialog.getByRole('button', { name: 'Ja, onveilig vastleggen' }).click();
    // The case changed after the planner was read: 412, the input kept, and a redo.
    await expect(dialog).toContainText('Iemand anders heeft deze casus net gewijzigd.');
    await expect(dialog.getByLabel('Toelichting')).toHaveValue('Nieuw incident; politie ter plaatse geweest.');
    await expect(dialog.getByRole('radio', { name: 'Onveilig', exact: true })).toBeChecked();
    await saveScreenshot('rappel-outcome-conflict');
    await expectAccessible('record outcome dialog after a concurrent change');
    await dialog.getByRole('button', { name: 'Opnieuw uitvoeren' }).click();
    await dialog.getByRole('button', { name: 'Ja, onveilig vastleggen' }).click();
    await expect(dialog).toBeHidden();

    // The card now says what the outcome did: escalated, and Veilig Thuis directs.
    const card = page.getByTestId('rappel-card').filter({ hasText: setUp.familyLabel });
    await expect(card).toContainText('Onveilig');
    await expect(card).toContainText('Opgeschaald: de regie ligt nu bij Vera Thuis (Veilig Thuis Zuid-Holland Zuid)');
    await expect(card.getByRole('button', { name: /Uitkomst vastleggen/ })).toHaveCount(0);
    await expect(page.getByRole('link', { name: setUp.familyLabel })).toBeFocused();
    await saveScreenshot('rappel-planner-escalated');

    // At phone width the calendar shows as the list, rows as cards.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByText('Op een smal scherm ziet u de kalender als lijst.')).toBeVisible();
    await expect(page.getByRole('table', { name: /Rappels van week/ })).toBeVisible();
    await saveScreenshot('rappel-planner-390');
    await expectAccessible('rappel planner at 390 px');

    // A week without rappels says so.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/rappelplanner?week=2015-W02');
    await expect(page.getByText('Geen rappels deze week.')).toBeVisible();
    await expectAccessible('rappel planner, empty week');

    // "Verplaatsen": the second rappel moves a week on; the planner follows it there.
    const second = setUp.rappels[1];
    const weekLater = new Date(Date.parse(`${second.dueOn}T12:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    await openRappelPlanner(page, second.dueOn);
    await page.getByRole('button', { name: `Verplaatsen: rappel van ${setUp.familyLabel}` }).click();
    const moveDialog = page.getByRole('dialog', { name: `Rappel verplaatsen: ${setUp.familyLabel}` });
    await moveDialog.getByRole('button', { name: 'Verplaatsen', exact: true }).click();
    await expect(moveDialog.getByText('Dit veld is verplicht.').first()).toBeVisible();
    await saveScreenshot('rappel-reschedule-dialog');
    await expectAccessible('reschedule dialog');
    await moveDialog.getByRole('button', { name: 'Annuleren' }).click();
    await rescheduleInPlanner(page, setUp.familyLabel, weekLater, 'Gezin is die week op vakantie.');
    await expect(page.getByRole('row').filter({ hasText: setUp.familyLabel })).toHaveCount(0);
    await page.getByRole('link', { name: 'Volgende week' }).click();
    await expect(page).toHaveURL(new RegExp(`week=${isoWeekOf(weekLater)}`));
    await expect(page.getByRole('row').filter({ hasText: setUp.familyLabel })).toContainText('Nog niet vastgelegd');
    expect(consoleErrors.filter((message) => !message.includes('status of 412'))).toEqual([]);
  });

  test('a chain partner sees only its own task and reports it kept', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    await signInAs('partner');
    await expect(page).toHaveURL(/\/mijn-taken$/);
    await openMyTasks(page);
    await expect(page).toHaveTitle('Mijn taken – Ketenregie');
    const card = taskCard(page, setUp.familyLabel);
    await expect(card).toHaveCount(1);
    await expect(card).toContainText(ownCondition);
    await expect(card).not.toContainText(otherCondition);
    await expect(card).toContainText('Regisseur');
    await expect(card).toContainText('Vera Thuis, Veilig Thuis Zuid-Holland Zuid');
    await expect(card).toContainText('Uiterlijk');
    await expect(card).toContainText('Open');
    await saveScreenshot('my-tasks');
    await expectAccessible('my tasks');

    await page.getByRole('button', { name: `Status doorgeven: ${ownCondition}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Status doorgeven' });
    await dialog.getByRole('button', { name: 'Status doorgeven' }).click();
    await expect(dialog.getByText('Kies Nagekomen of Niet nagekomen.').first()).toBeVisible();
    await expectAccessible('report condition status dialog');
    await dialog.getByRole('button', { name: 'Annuleren' }).click();

    await reportConditionStatus(page, ownCondition, 'Nagekomen', 'Begeleiding is gestart.');
    await expect(card.getByTestId('task-condition').filter({ hasText: ownCondition })).toContainText('Nagekomen');
    await saveScreenshot('my-tasks-reported');

    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot('my-tasks-390');
    await expectAccessible('my tasks at 390 px');
    expect(consoleErrors).toEqual([]);
  });
});
