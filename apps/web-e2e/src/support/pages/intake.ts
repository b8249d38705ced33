import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

/** A household member as the form asks it; labels as the user reads them. */
export type IntakeMember = {
  role: 'Volwassene' | 'Kind';
  givenNames: string;
  prefix?: string;
  familyName: string;
  /** `YYYY-MM-DD`; left empty when not given. */
  dateOfBirth?: string;
};

export type IntakeData = {
  kind?: 'Melding' | 'Adviesvraag';
  /** `YYYY-MM-DDTHH:mm`, Amsterdam time; the form's default (now) when not given. */
  receivedAt?: string;
  /** The label of "Bron", e.g. "Politie". */
  source: string;
  /** Labels of "Vorm van geweld", e.g. ["Kindermishandeling"]. */
  formsOfViolence: string[];
  referrer: { kind?: 'Een professional' | 'Een burger'; name: string; organisation?: string; role?: string; email?: string };
  concern: string;
  address: { postcode: string; houseNumber: string; addition?: string; street?: string; city?: string; municipality: string };
  members: IntakeMember[];
};

/** A family name no other test uses, so searches find only this test's families. */
export const uniqueFamilyName = (base: string): string => {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let suffix = '';
  for (let index = 0; index < 5; index += 1) suffix += letters[Math.floor(Math.random() * letters.length)];
  return `${base}${suffix}`;
};

/** A postcode and house number no other test uses. */
export const uniqueAddress = (): { postcode: string; houseNumber: string } => {
  const letters = 'ABCDEFGHJKLMNPRSTVWXZ';
  const pick = () => letters[Math.floor(Math.random() * letters.length)];
  return {
    postcode: `42${String(Math.floor(Math.random() * 100)).padStart(2, '0')} ${pick()}${pick()}`,
    houseNumber: String(1 + Math.floor(Math.random() * 900)),
  };
};

/** Opens "Nieuwe melding" from the Veilig Thuis menu. */
export const openIntake = async (page: Page): Promise<void> => {
  await page.getByRole('navigation').getByRole('link', { name: 'Nieuwe melding' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nieuwe melding' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Melding registreren' })).toBeVisible();
};

export const memberGroup = (page: Page, index: number): Locator => page.getByRole('group', { name: `Gezinslid ${index + 1}`, exact: true });

export const fillMember = async (page: Page, index: number, member: IntakeMember): Promise<void> => {
  const group = memberGroup(page, index);
  await group.getByRole('radio', { name: member.role, exact: true }).check();
  await group.getByLabel('Voornamen').fill(member.givenNames);
  if (member.prefix) await group.getByLabel('Tussenvoegsel').fill(member.prefix);
  await group.getByLabel('Achternaam').fill(member.familyName);
  await group.getByLabel('Achternaam').blur();
  if (member.dateOfBirth) {
    await group.getByLabel('Geboortedatum').fill(member.dateOfBirth);
    await group.getByLabel('Geboortedatum').blur();
  }
};

/** Fills the whole form, adding members with "Gezinslid toevoegen" as needed. */
export const fillIntake = async (page: Page, data: IntakeData): Promise<void> => {
  if (data.kind) await page.getByRole('radio', { name: data.kind, exact: true }).check();
  if (data.receivedAt) await page.getByLabel('Ontvangen op').fill(data.receivedAt);
  await page.getByLabel('Bron').selectOption({ label: data.source });
  for (const form of data.formsOfViolence) await page.getByRole('checkbox', { name: form, exact: true }).check();
  const referrer = page.getByRole('region', { name: 'Melder' });
  if (data.referrer.kind) await referrer.getByRole('radio', { name: data.referrer.kind, exact: true }).check();
  await referrer.getByLabel('Naam', { exact: true }).fill(data.referrer.name);
  if (data.referrer.organisation) await referrer.getByLabel('Organisatie', { exact: true }).fill(data.referrer.organisation);
  if (data.referrer.role) await referrer.getByLabel('Functie', { exact: true }).fill(data.referrer.role);
  if (data.referrer.email) await referrer.getByLabel('E-mailadres').fill(data.referrer.email);
  await page.getByLabel('Zorg', { exact: true }).fill(data.concern);
  await page.getByLabel('Postcode').fill(data.address.postcode);
  await page.getByLabel('Huisnummer', { exact: true }).fill(data.address.houseNumber);
  if (data.address.addition) await page.getByLabel('Toevoeging').fill(data.address.addition);
  if (data.address.street) await page.getByLabel('Straat').fill(data.address.street);
  if (data.address.city) await page.getByLabel('Woonplaats').fill(data.address.city);
  await page.getByLabel('Gemeente').fill(data.address.municipality);
  for (const [index, member] of data.members.entries()) {
    if ((await memberGroup(page, index).count()) === 0) await page.getByRole('button', { name: 'Gezinslid toevoegen' }).click();
    await fillMember(page, index, member);
  }
};

/** "Mogelijk bekend gezin" and its candidates, once the search has answered. */
export const knownFamily = (page: Page): Locator => page.getByRole('region', { name: 'Mogelijk bekend gezin' });

/** The candidate card of a family, by its label as the search names it (the family name). */
export const candidate = (page: Page, familyLabel: string): Locator =>
  knownFamily(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: new RegExp(`Gezin ${familyLabel}\\b`) }) });

export const linkCandidate = async (page: Page, familyLabel: string): Promise<void> => {
  await candidate(page, familyLabel)
    .getByRole('button', { name: /^Koppelen( aan deze casus)?$/ })
    .click();
  await expect(candidate(page, familyLabel)).toContainText('Gekoppeld aan deze casus');
};

/** Waits for "Wordt geregistreerd als: …" to say this classification ("Eerste melding", "Vervolgmelding", "Hermelding"). */
export const expectClassification = async (page: Page, label: string): Promise<void> => {
  await expect(page.getByTestId('intake-classification')).toHaveText(`Wordt geregistreerd als: ${label}`);
};

export const submitIntake = async (page: Page): Promise<void> => {
  await page.getByRole('button', { name: 'Melding registreren' }).click();
};

/** Submits and waits for the case page; answers the case id from its address. */
export const submitIntakeAndOpenCase = async (page: Page): Promise<string> => {
  await submitIntake(page);
  await expect(page).toHaveURL(/\/casussen\/[^/]+$/);
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
};

/** A report registered over the API as a journey's starting point: a family the region already knows. */
export const registerReportOverApi = async (
  session: { get: <T>(path: string) => Promise<T>; send: <T>(path: string, body?: unknown) => Promise<T> },
  household: {
    address: { postcode: string; houseNumber: string; municipality: string };
    members: Array<{ role: 'adult' | 'child'; givenNames: string; familyName: string; dateOfBirth: string | null }>;
  },
): Promise<{ caseId: string }> => {
  const { user } = await session.get<{ user: { userId: string; organisationId: string } }>('/auth/session');
  const { organisation } = await session.get<{ organisation: { organisationId: string; name: string; kind: string } }>(
    `/organisations/${user.organisationId}/people`,
  );
  return session.send<{ caseId: string }>('/cases/reports', {
    newFamily: true,
    referrer: {
      kind: 'professional',
      name: 'R. Jansen',
      organisation: 'Huisartsenpraktijk',
      role: 'Huisarts',
      contact: { phone: '0183 123456' },
    },
    sourceCategory: 'gp-health',
    formsOfViolence: ['partner-violence'],
    concern: 'Zorgen over de veiligheid thuis.',
    household: {
      address: household.address,
      members: household.members.map((member) => ({
        role: member.role,
        name: { givenNames: member.givenNames, familyName: member.familyName },
        dateOfBirth: member.dateOfBirth,
      })),
    },
    receivedBy: {
      person: { personId: user.userId },
      organisation: { organisationId: organisation.organisationId, name: organisation.name, kind: organisation.kind },
    },
  });
};
