import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { ApiSession, CommandResult } from '../api';

const vtZhz = { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' } as const;

export type SchoolReport = { familyName: string; teacherEmail: string };

/**
 * A teacher of OBS De Linge (the referrer test account) reports a family in Gorinchem; Veilig Thuis
 * registers it with the teacher as a directory professional who wants feedback by e-mail.
 */
export const registerSchoolReport = async (vt: ApiSession, teacher: ApiSession, report: SchoolReport): Promise<CommandResult> => {
  const { user: receiver } = await vt.get<{ user: { userId: string } }>('/auth/session');
  const { user: referrer } = await teacher.get<{ user: { userId: string } }>('/auth/session');
  return vt.send<CommandResult>('/cases/reports', {
    newFamily: true,
    referrer: {
      kind: 'directory-professional',
      organisationId: 'obs-de-linge',
      personId: referrer.userId,
      role: 'Leerkracht groep 5',
      contact: { email: report.teacherEmail },
      feedbackConsent: { kind: 'granted', channel: 'email' },
      namingEndangers: true,
    },
    sourceCategory: 'education-childcare',
    formsOfViolence: ['child-abuse'],
    concern: 'De leerling vertelt over harde klappen thuis.',
    household: {
      address: {
        street: 'Schoolstraat',
        houseNumber: String(1 + Math.floor(Math.random() * 9000)),
        postcode: '4201 AB',
        municipality: 'Gorinchem',
      },
      members: [
        { role: 'adult', name: { givenNames: 'Ilse', familyName: report.familyName }, dateOfBirth: '1986-02-11' },
        { role: 'child', name: { givenNames: 'Noor', familyName: report.familyName }, dateOfBirth: '2016-10-03' },
      ],
    },
    receivedBy: { person: { personId: receiver.userId }, organisation: vtZhz },
  });
};

export type ReceivedMail = { to: string; subject: string; body: string };

/** Waits for the e-mail to one address in the local mailbox (read as administrator), newest first. */
export const mailTo = async (admin: ApiSession, address: string, timeoutMs = 30_000): Promise<ReceivedMail> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = await admin.get<{ items: ReceivedMail[] }>('/admin/mailbox?pageSize=100');
    const mail = page.items.find((item) => item.to === address);
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no e-mail to ${address} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
};

/** The path of the portal link in a mail (`/melder/link/<token>`): the test server's own address is the test's. */
export const portalLinkIn = (mail: ReceivedMail): string => {
  const match = /\/melder\/link\/[A-Za-z0-9_-]+/.exec(mail.body);
  if (!match) throw new Error('the e-mail has no portal link');
  return match[0];
};

/** The reference the mail's subject names ("Uw melding VT-2026-00007: melding ontvangen"). */
export const referenceIn = (mail: ReceivedMail): string => {
  const match = /Uw melding (\S+):/.exec(mail.subject);
  if (!match) throw new Error(`no reference in the subject "${mail.subject}"`);
  return match[1];
};

/** Follows the e-mail's link: the link is used up and the page becomes the report's own. */
export const openPortalLink = async (page: Page, linkPath: string, reference: string): Promise<void> => {
  await page.goto(linkPath);
  await expect(page).toHaveURL(/\/melder\/meldingen\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: `Melding ${reference}` })).toBeVisible();
};

/** "Mijn meldingen" for a signed-in referrer. */
export const openMyReports = async (page: Page): Promise<void> => {
  await page.goto('/melder');
  await expect(page.getByRole('heading', { level: 1, name: 'Mijn meldingen' })).toBeVisible();
  await expect(page.getByText('Meldingen laden…')).toHaveCount(0);
};

export const signalForm = (page: Page): Locator => page.getByRole('form', { name: 'Signaal aan de regisseur' });

/** Sends "De hulp stagneert" or "Nieuwe zorgen" from the report page and waits for the confirmation. */
export const sendPortalSignal = async (page: Page, kind: 'De hulp stagneert' | 'Nieuwe zorgen', reason: string): Promise<void> => {
  const form = signalForm(page);
  await form.getByRole('radio', { name: kind, exact: true }).check();
  await form.getByLabel('Toelichting').fill(reason);
  await form.getByRole('button', { name: 'Versturen' }).click();
  await expect(page.getByTestId('signal-sent')).toHaveText('Uw signaal is doorgegeven aan de regisseur.');
};
