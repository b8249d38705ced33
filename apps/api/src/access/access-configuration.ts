import { readFileSync } from 'node:fs';
import { InvalidAccessConfiguration, accessConfiguration, parseOrganisationsFile } from '@ketenregie/cases-server';
import { DEMO_MARK, demoDirectoryOrganisations } from '@ketenregie/demo';
import type { AccessConfiguration, AccessConfigurationOptions } from '@ketenregie/cases-server';
import { demoAccounts } from '../auth/demo-accounts';
import type { ApiConfig } from '../config/config';
import { StartupError } from '../startup-error';

type Organisation = NonNullable<AccessConfigurationOptions['demoOrganisations']>[number];

const demoAccountOrganisation = (role: 'policy-analyst'): string => {
  const account = demoAccounts.find((candidate) => candidate.role === role);
  if (!account) throw new Error(`no demo account for ${role}`);
  return account.organisationId;
};

/**
 * The demo accounts' organisations that have no case in the demo data, so the demo region's
 * directory does not know them: the municipality whose aggregates the demo policy analyst reads.
 * (The demo referrers' organisations are in the demo region: they report there.)
 */
export const demoAccountOrganisations = (): Organisation[] => [
  {
    organisationId: demoAccountOrganisation('policy-analyst'),
    name: `Gemeente Merwestad ${DEMO_MARK}`,
    kind: 'municipality',
    municipalities: [`Merwestad ${DEMO_MARK}`],
  },
];

const readOrganisations = (file: string): Organisation[] => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new StartupError(
      `Invalid configuration: ORGANISATIONS_FILE ${code === 'ENOENT' ? 'names a file that does not exist' : 'cannot be read'} (${file}).`,
    );
  }
  try {
    return parseOrganisationsFile(text);
  } catch (error) {
    if (error instanceof InvalidAccessConfiguration) throw new StartupError(`Invalid configuration: ORGANISATIONS_FILE ${error.message}.`);
    throw error;
  }
};

/**
 * The organisation directory and emergency-access policy from the configuration, checked once at
 * start-up: an error names the setting and the problem in one line.
 */
export const loadAccessConfiguration = (config: ApiConfig): AccessConfiguration => {
  const organisations = config.organisationsFile === undefined ? [] : readOrganisations(config.organisationsFile);
  try {
    return accessConfiguration({
      organisations,
      demo: config.seedDemo,
      demoOrganisations: [...demoDirectoryOrganisations(), ...demoAccountOrganisations()],
      emergencyAccess: config.emergencyAccess,
    });
  } catch (error) {
    if (error instanceof InvalidAccessConfiguration) {
      throw new StartupError(
        `Invalid configuration: ${config.organisationsFile === undefined ? 'the demo organisations' : 'ORGANISATIONS_FILE'}: ${error.message}.`,
      );
    }
    throw error;
  }
};
