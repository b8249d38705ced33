import { apiAs } from './support/api';
import { expect, test } from './support/fixtures';
import type { IntakeData } from './support/pages/intake';
import {
  candidate,
  expectClassification,
  fillIntake,
  fillMember,
  knownFamily,
  openIntake,
  registerReportOverApi,
  submitIntake,
  submitIntakeAndOpenCase,
  uniqueAddress,
  uniqueFamilyName,
} from './support/pages/intake';

// Any code value of the schemas a message might leak: roles, referrer kinds, sources, forms, JSON types.
const codeValues =
  /\b(adult|child|professional|citizen|anonymous|police|education-childcare|child-abuse|partner-violence|undefined|string|array|newFamily|caseId|true|false)\b/;

const report = (familyName: string, address: { postcode: string; houseNumber: string }): IntakeData => ({
  source: 'Politie',
  formsOfViolence: ['Kindermishandeling', 'Partnergeweld'],
  referrer: { name: 'J. de Vries', organisation: 'Politie Zuid-Holland Zuid', role: 'Wijkagent', email: 'j.devries@politie.example' },
  concern: 'Buren hoorden gisteravond geschreeuw; het kind had een blauwe plek.',
  address: { ...address, street: 'Dorpsstraat', city: 'Gorinchem', municipality: 'Gorinchem' },
  members: [
    { role: 'Volwassene', givenNames: 'Annabel', familyName, dateOfBirth: '1988-04-02' },
    { role: 'Kind', givenNames: 'Sem', familyName, dateOfBirth: '2017-09-15' },
  ],
});

test.describe('Nieuwe melding', () => {
  test('a first report opens a case; a second one with a misspelt name is recognised, linked and a follow-up', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    const familyName = uniqueFamilyName('Vermeulen');
    const address = uniqueAddress();
    await signInAs('vt');
    await openIntake(page);
    await expect(page).toHaveTitle('Nieuwe melding – Ketenregie');
    await expect(page.getByText('Eerder binnengekomen? Vul dat moment in.')).toBeVisible();
    await expectAccessible('intake form, empty');

    await fillIntake(page, report(familyName, address));
    // Nobody is known with these names or this address: a new family, so a first report.
    await expect(knownFamily(page)).toContainText('Geen bekend gezin gevonden.');
    await expectClassification(page, 'Eerste melding');
    await saveScreenshot('intake-first-report-1280');
    const firstCaseId = await submitIntakeAndOpenCase(page);
    expect(firstCaseId).not.toBe('');

    // The same mother, her given name misspelt by one letter, at the same address.
    await openIntake(page);
    const second = report(familyName, address);
    await fillIntake(page, {
      ...second,
      source: 'Onderwijs of kinderopvang',
      formsOfViolence: ['Kindermishandeling'],
      referrer: { name: 'M. Bos', organisation: 'Basisschool De Linde', role: 'Intern begeleider', email: 'm.bos@delinde.example' },
      concern: 'Sem vertelt op school dat het thuis weer onrustig is.',
      members: [{ role: 'Volwassene', givenNames: 'Anabel', familyName, dateOfBirth: '1988-04-02' }],
    });
    const found = candidate(page, familyName);
    await expect(found).toBeVisible();
    await expect(found).toContainText('Waarom: Naam lijkt erop, zelfde geboortedatum');
    await expect(found).toContainText('zelfde postcode en huisnummer');
    // Before linking it would open a new family's case.
    await expectClassification(page, 'Eerste melding');
    await expectAccessible('intake form with a known-family candidate');
    await found.getByRole('button', { name: 'Koppelen aan deze casus' }).click();
    await expect(found).toContainText('Gekoppeld aan deze casus');
    // Veilig Thuis is still involved in the first case: a follow-up report (vervolgmelding).
    await expectClassification(page, 'Vervolgmelding');
    await saveScreenshot('intake-candidate-linked-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot('intake-candidate-linked-390');
    await expectAccessible('intake form with a linked candidate at 390 px');
    await page.setViewportSize({ width: 1280, height: 900 });

    const secondCaseId = await submitIntakeAndOpenCase(page);
    expect(secondCaseId).toBe(firstCaseId);
    expect(consoleErrors).toEqual([]);
  });

  test('an empty submit shows a linked summary and Dutch messages at the fields, without code values, and keeps what was typed', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    await signInAs('vt');
    await openIntake(page);
    await page.getByLabel('Zorg', { exact: true }).fill('Alleen de zorg is al ingevuld.');
    await fillMember(page, 0, { role: 'Kind', givenNames: 'Lotte', familyName: '', dateOfBirth: '' });
    // Leaving a required field empty says so at once, before any submit.
    const firstMember = page.getByRole('group', { name: 'Gezinslid 1' });
    await expect(firstMember.getByText('Dit veld is verplicht.')).toBeVisible();
    await expect(firstMember.getByLabel('Achternaam')).toHaveAttribute('aria-invalid', 'true');
    await submitIntake(page);

    const summary = page.locator('.ketenregie-error-summary');
    await expect(summary.getByRole('heading', { name: 'Controleer deze velden' })).toBeVisible();
    await expect(summary).toBeFocused();
    await expect(summary).toContainText('Bron: Kies een bron uit de lijst.');
    await expect(summary).toContainText('Vorm van geweld: Kies minstens één vorm van geweld.');
    await expect(summary).toContainText('Gezinslid 1: Achternaam: Dit veld is verplicht.');
    await expect(summary).toContainText('Postcode: Dit veld is verplicht.');
    expect(await summary.innerText()).not.toMatch(codeValues);
    expect(await page.locator('.utrecht-form-field-error-message').allInnerTexts()).not.toContainEqual(expect.stringMatching(codeValues));

    // Each summary item leads to its field; the field says the same and is marked invalid.
    await summary.getByRole('link', { name: 'Bron: Kies een bron uit de lijst.' }).click();
    await expect(page.getByLabel('Bron')).toBeFocused();
    await expect(page.getByLabel('Bron')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Postcode')).toHaveAttribute('aria-invalid', 'true');

    // Nothing typed was lost.
    await expect(page.getByLabel('Zorg', { exact: true })).toHaveValue('Alleen de zorg is al ingevuld.');
    await expect(page.getByRole('group', { name: 'Gezinslid 1' }).getByLabel('Voornamen')).toHaveValue('Lotte');
    await expect(page.getByRole('group', { name: 'Gezinslid 1' }).getByRole('radio', { name: 'Kind' })).toBeChecked();

    // A moment of receipt in the future is refused at the field, on leaving it.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Ontvangen op').fill(`${tomorrow}T10:00`);
    await page.getByLabel('Ontvangen op').blur();
    await expect(page.getByText('Het moment van ontvangst mag niet in de toekomst liggen.')).toBeVisible();

    await saveScreenshot('intake-errors-1280');
    await expectAccessible('intake form with field errors');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot('intake-errors-390');
    expect(consoleErrors).toEqual([]);
  });

  test('an exact match asks to link or to keep a new family apart with a reason; a family known elsewhere is only named as such', async ({
    page,
    signInAs,
    consoleErrors,
    saveScreenshot,
    expectAccessible,
  }) => {
    const familyName = uniqueFamilyName('Smit');
    const known = uniqueAddress();
    const vt = await apiAs('vt');
    const { caseId: knownCaseId } = await registerReportOverApi(vt, {
      address: { ...known, municipality: 'Gorinchem' },
      members: [{ role: 'adult', givenNames: 'Fatima', familyName, dateOfBirth: '1990-01-15' }],
    });
    await vt.dispose();

    await signInAs('vt');
    await openIntake(page);
    const data = report(familyName, uniqueAddress());
    await fillIntake(page, { ...data, members: [{ role: 'Volwassene', givenNames: 'Fatima', familyName, dateOfBirth: '1990-01-15' }] });
    const found = candidate(page, familyName);
    await expect(found).toContainText('Waarom: Zelfde naam en geboortedatum');
    await expect(found).toContainText('Dit is vrijwel zeker hetzelfde gezin.');
    await expect(found.getByRole('button', { name: 'Koppelen', exact: true })).toBeVisible();

    // Saving without a choice is not possible: the summary asks for it.
    await submitIntake(page);
    await expect(page.locator('.ketenregie-error-summary')).toContainText(
      'Dit gezin is al bekend. Kies "Koppelen" of "Toch nieuwe casus".',
    );

    // Another family after all: a reason is asked, and it stays a first report in a new case.
    await found.getByRole('button', { name: 'Toch nieuwe casus' }).click();
    await expect(page.getByLabel('Reden')).toBeFocused();
    await page.getByLabel('Reden').fill('Andere Fatima: een ander adres en een andere huisarts.');
    await expectClassification(page, 'Eerste melding');
    await saveScreenshot('intake-exact-match-separate-1280');
    await expectAccessible('intake form with an exact match kept apart');
    const separateCaseId = await submitIntakeAndOpenCase(page);
    expect(separateCaseId).not.toBe(knownCaseId);

    // Known only at Veilig Thuis Utrecht: this user may not see that case, and is told whom to ask.
    const utrechtName = uniqueFamilyName('Visser');
    const utrecht = await apiAs('vtUtrecht');
    await registerReportOverApi(utrecht, {
      address: { postcode: '3511 AB', houseNumber: '1', municipality: 'Utrecht' },
      members: [{ role: 'adult', givenNames: 'Karin', familyName: utrechtName, dateOfBirth: '1979-06-30' }],
    });
    await utrecht.dispose();
    await openIntake(page);
    await fillIntake(page, {
      ...data,
      address: { ...data.address, ...uniqueAddress() },
      members: [{ role: 'Volwassene', givenNames: 'Karin', familyName: utrechtName, dateOfBirth: '1979-06-30' }],
    });
    await expect(knownFamily(page)).toContainText('Geen bekend gezin gevonden.');
    await submitIntake(page);
    await expect(page.getByText('Bekend bij een andere organisatie. Neem contact op met Veilig Thuis.')).toBeVisible();
    await expect(page).toHaveURL(/\/meldingen\/nieuw$/);
    await expect(page.getByRole('group', { name: 'Gezinslid 1' }).getByLabel('Voornamen')).toHaveValue('Karin');
    await expectAccessible('intake form, family known elsewhere');
    expect(consoleErrors.filter((error) => !error.includes('status of 409'))).toEqual([]);
  });

  test("the API's refusal lands at the field it names, in the summary too, and nothing typed is lost", async ({
    page,
    signInAs,
    consoleErrors,
    expectAccessible,
  }) => {
    await signInAs('vt');
    await openIntake(page);
    const familyName = uniqueFamilyName('Dekker');
    await fillIntake(page, report(familyName, uniqueAddress()));
    await expectClassification(page, 'Eerste melding');
    // Only the domain knows that a report (unlike an advice request) cannot be anonymous: a 422 at `referrer.kind`.
    await page
      .getByRole('region', { name: 'Melder' })
      .getByRole('radio', { name: /^Anoniem/ })
      .check();
    await submitIntake(page);
    const summary = page.locator('.ketenregie-error-summary');
    const message = 'Een melding kan niet anoniem worden gedaan; anoniem kan alleen bij een adviesvraag.';
    await expect(summary).toContainText(`Wie meldt?: ${message}`);
    await expect(page.getByRole('group', { name: 'Wie meldt?' })).toContainText(message);
    await summary.getByRole('link', { name: `Wie meldt?: ${message}` }).click();
    await expect(page.getByRole('radio', { name: 'Een professional' })).toBeFocused();
    await expect(page).toHaveURL(/\/meldingen\/nieuw$/);
    await expect(page.getByRole('group', { name: 'Gezinslid 2' }).getByLabel('Voornamen')).toHaveValue('Sem');
    await expect(page.getByLabel('Zorg', { exact: true })).toHaveValue(/blauwe plek/);
    await expectAccessible('intake form with an API refusal at a field');

    // As an advice request the same input is accepted.
    await page.getByRole('radio', { name: 'Adviesvraag', exact: true }).check();
    await expect(page.getByTestId('intake-classification')).toHaveText('Wordt geregistreerd als: Adviesvraag');
    await submitIntakeAndOpenCase(page);
    expect(consoleErrors.filter((error) => !error.includes('status of 422'))).toEqual([]);
  });

  test('offers the municipalities the directory knows and warns, without refusing, about one it does not know', async ({
    page,
    signInAs,
    consoleErrors,
    expectAccessible,
  }) => {
    await signInAs('vt');
    await openIntake(page);
    const municipality = page.getByLabel('Gemeente');
    await expect(municipality).toHaveAttribute('list', 'intake-municipalities');
    const offered = page.locator('#intake-municipalities option');
    await expect(offered).toHaveCount(3);
    expect(await offered.evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))).toEqual([
      'Gorinchem',
      'Molenlanden',
      'Utrecht',
    ]);

    // One letter off: no Veilig Thuis region and no local team would be found for it.
    const warning = page.getByText('Deze gemeente staat niet in het overzicht van de regio.', { exact: false });
    await municipality.fill('Gorinchen');
    await expect(warning).toHaveCount(0);
    await municipality.blur();
    await expect(warning).toBeVisible();
    await expect(municipality).not.toHaveAttribute('aria-invalid', 'true');
    const describedBy = (await municipality.getAttribute('aria-describedby')) ?? '';
    expect(await warning.getAttribute('id')).toBe(describedBy.split(' ')[0]);
    await expectAccessible('intake form, unknown municipality');

    // Written another way, the same municipality is known: the warning goes.
    await municipality.fill('  gorinchem ');
    await expect(warning).toHaveCount(0);
    expect(consoleErrors).toEqual([]);
  });

  test('text in any script is kept as typed: a stray override in a name leaves the postcode beside it in order; a NUL and a second e-mail address are refused at their fields', async ({
    page,
    signInAs,
    consoleErrors,
  }) => {
    await signInAs('vt');
    await openIntake(page);
    // An override typed (or pasted) into the surname and never closed, and a child named in Arabic script.
    const familyName = `\u202E${uniqueFamilyName('Bakker')}`;
    const address = uniqueAddress();
    const data = report(familyName, address);
    const day = 10 + Math.floor(Math.random() * 18);
    data.members[1] = { role: 'Kind', givenNames: 'محمد', familyName: 'العلي', dateOfBirth: `2016-05-${day}` };
    await fillIntake(page, data);

    // PostgreSQL cannot store U+0000: refused at the field, in Dutch, naming the character only.
    const concern = page.getByLabel('Zorg', { exact: true });
    await concern.fill('Zorgen\u0000 om het kind.');
    await concern.blur();
    await expect(page.getByText('Bevat een teken dat niet kan worden opgeslagen (U+0000).')).toBeVisible();
    await expect(concern).toHaveAttribute('aria-invalid', 'true');
    await concern.fill('Zorgen om het kind.');
    await concern.blur();

    // Two addresses in the referrer's e-mail field would send the feedback to both: refused at the field.
    const email = page.getByRole('region', { name: 'Melder' }).getByLabel('E-mailadres');
    await email.fill('j.devries@politie.example, iemand@elders.example');
    await email.blur();
    await expect(page.getByText('Vul één e-mailadres in, zoals naam@organisatie.nl.')).toBeVisible();
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await email.fill('j.devries@politie.example');
    await email.blur();
    await expect(page.getByText('Vul één e-mailadres in, zoals naam@organisatie.nl.')).toHaveCount(0);
    await submitIntakeAndOpenCase(page);

    // The name is isolated in the label, so the override ends with it ...
    const digits = address.postcode.slice(0, 4);
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toHaveText(`\u2068${familyName}\u2069, ${digits}`);
    // ... and Chromium draws the postcode's digits left to right, where they were drawn reversed.
    const drawnAt = await heading.evaluate((element, postcode) => {
      const node = element.firstChild as Text;
      const start = (node.textContent ?? '').lastIndexOf(postcode);
      return [0, 1, 2, 3].map((offset) => {
        const range = document.createRange();
        range.setStart(node, start + offset);
        range.setEnd(node, start + offset + 1);
        return range.getBoundingClientRect().left;
      });
    }, digits);
    expect(drawnAt).toEqual([...drawnAt].sort((a, b) => a - b));
    expect(new Set(drawnAt).size).toBe(4);
    await expect(page.getByRole('cell', { name: /محمد\W*العلي/ })).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });
});
