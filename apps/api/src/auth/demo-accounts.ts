import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { AccountStore, PublishedDemoAccounts } from '@ketenregie/access-server';
import { ORGANISATION_DIRECTORY } from '@ketenregie/access-contracts';
import type { DemoAccountEntry } from '@ketenregie/contracts';
import { DEMO_MARK, chainPartners, localTeams, referrerOrganisations, veiligThuis, veiligThuisProfessionals } from '@ketenregie/demo';
import type { Role } from '@ketenregie/kernel';
import { APP_LOGGER } from '../infrastructure/tokens';
import type { Logger } from '../logging/logger';

export const DEMO_ACCOUNTS_OPTIONS = 'ketenregie:demo-accounts-options';

export type DemoAccountsOptions = { enabled: boolean };

/** What the demo accounts need of the organisation directory (`ORGANISATION_DIRECTORY`): the names. */
type OrganisationNames = { organisations: ReadonlyMap<string, { name: string }> };

export type DemoAccount = { userId: string; displayName: string; organisationId: string; role: Role };

const demoDirector = (
  directors: readonly { person: { personId: string; name: string }; organisation: { organisationId: string } }[],
  personId: string,
) => {
  const director = directors.find((candidate) => candidate.person.personId === personId);
  if (!director) throw new Error(`demo director ${personId} is not in the demo region`);
  return { userId: personId, displayName: director.person.name, organisationId: director.organisation.organisationId };
};

const merwestad = localTeams.find((team) => team.organisation.organisationId === 'demo-ts-merwestad');

/**
 * One invented user per role. The Veilig Thuis professional and the Team Sociaal consultant are
 * directors of demo cases, so they see a full worklist; the others belong to invented demo
 * organisations (a chain partner of the demo region, a school, the municipality, Veilig Thuis).
 */
export const demoAccounts: readonly DemoAccount[] = [
  { ...demoDirector(veiligThuisProfessionals, 'demo-vt-anouk'), role: 'veilig-thuis-professional' },
  { ...demoDirector(merwestad?.professionals ?? [], 'demo-ts-iris'), role: 'team-sociaal-consultant' },
  {
    userId: 'demo-jeugdzorg-tim',
    displayName: `Tim van Rijn ${DEMO_MARK}`,
    organisationId: chainPartners[0].organisationId,
    role: 'chain-partner',
  },
  // The referrers the demo region's reports name by account: a teacher, a GP and a community
  // police officer, each with reports of their own in the portal (/melder).
  ...referrerOrganisations.flatMap((organisation) =>
    organisation.accounts.map((account): DemoAccount => ({
      userId: account.personId,
      displayName: account.name,
      organisationId: organisation.organisationId,
      role: 'referrer',
    })),
  ),
  {
    userId: 'demo-gemeente-yusuf',
    displayName: `Yusuf Arslan ${DEMO_MARK}`,
    organisationId: 'demo-gemeente-merwestad',
    role: 'policy-analyst',
  },
  { userId: 'demo-vt-ria', displayName: `Ria Mulder ${DEMO_MARK}`, organisationId: veiligThuis.organisationId, role: 'privacy-officer' },
  { userId: 'demo-vt-wim', displayName: `Wim Jonker ${DEMO_MARK}`, organisationId: veiligThuis.organisationId, role: 'administrator' },
];

/**
 * The other professionals of the demo region's Veilig Thuis and local teams. They direct demo
 * cases too, and a hand-over, an escalation or a rappel owner names a professional the account
 * directory knows (ADR 0008), so they have accounts; nobody signs in as them (their password is
 * random and never shown).
 */
export const demoColleagues: readonly DemoAccount[] = [
  ...veiligThuisProfessionals.map((director) => ({
    ...demoDirector(veiligThuisProfessionals, director.person.personId),
    role: 'veilig-thuis-professional' as const,
  })),
  ...localTeams.flatMap((team) =>
    team.professionals.map((director) => ({
      ...demoDirector(team.professionals, director.person.personId),
      role: 'team-sociaal-consultant' as const,
    })),
  ),
].filter((colleague) => !demoAccounts.some((account) => account.userId === colleague.userId));

/** 96 random bits, 16 characters: above the 12-character minimum and easy to copy from a terminal. */
const freshPassword = (): string => randomBytes(12).toString('base64url');

/**
 * With the demo region on, every start gives each demo account a new random password, prints it,
 * one line per account, and publishes the list for the sign-in page (`GET /auth/demo-accounts`):
 * these are invented users of an invented region, and a password that changes at each start is
 * never worth writing down. With the demo off, nothing is published and demo accounts of an
 * earlier start are disabled, so a server that once ran the demo keeps no known sign-ins.
 * Several processes on one database each set new passwords at their start: the last one started
 * wins, and the others' lists go stale until they restart (the demo is meant for one process).
 */
@Injectable()
export class DemoAccounts implements OnApplicationBootstrap {
  constructor(
    private readonly accounts: AccountStore,
    @Inject(DEMO_ACCOUNTS_OPTIONS) private readonly options: DemoAccountsOptions,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    private readonly published: PublishedDemoAccounts,
    @Inject(ORGANISATION_DIRECTORY) private readonly directory: OrganisationNames,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.enabled) {
      const disabled = await this.accounts.disableDemoAccounts();
      if (disabled > 0) this.logger.info({ disabled }, 'demo region is off: demo accounts disabled');
      return;
    }
    const lines: string[] = [];
    const listed: DemoAccountEntry[] = [];
    for (const account of demoAccounts) {
      const password = freshPassword();
      await this.accounts.upsertDemo({
        id: account.userId,
        username: account.userId,
        displayName: account.displayName,
        organisationId: account.organisationId,
        roles: [account.role],
        password,
      });
      lines.push(`Demo account ${account.role}: username ${account.userId}  password ${password}  (${account.displayName})`);
      listed.push({
        username: account.userId,
        displayName: account.displayName,
        role: account.role,
        organisation: { organisationId: account.organisationId, name: this.organisationName(account.organisationId) },
        password,
      });
    }
    for (const colleague of demoColleagues) {
      await this.accounts.upsertDemo({
        id: colleague.userId,
        username: colleague.userId,
        displayName: colleague.displayName,
        organisationId: colleague.organisationId,
        roles: [colleague.role],
        password: freshPassword(),
      });
    }
    this.published.publish(listed);
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  /** The demo region's organisations join the directory whenever the demo is on. */
  private organisationName(organisationId: string): string {
    const organisation = this.directory.organisations.get(organisationId);
    if (!organisation) throw new Error(`demo organisation ${organisationId} is not in the organisation directory`);
    return organisation.name;
  }
}
