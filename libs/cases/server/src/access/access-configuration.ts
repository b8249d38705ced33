import { z } from 'zod';
import {
  InvalidEmergencyAccessPolicy,
  InvalidOrganisationDirectory,
  createOrganisationDirectory,
  directoryOrganisationKinds,
  emergencyAccessPolicy,
  legalBases,
} from '@ketenregie/access-domain';
import type { DirectoryOrganisation, EmergencyAccessPolicy, OrganisationDirectory } from '@ketenregie/access-domain';
import { demoDirectoryOrganisations } from './demo-directory';

/** A setting the operator must correct; the message names what is wrong, never a whole value. */
export class InvalidAccessConfiguration extends Error {
  override readonly name = 'InvalidAccessConfiguration';
}

const organisationSchema = z.strictObject({
  organisationId: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(directoryOrganisationKinds),
  /** Veilig Thuis: its region; local team: the municipalities it serves; municipality: its monitor scope. */
  municipalities: z.array(z.string().trim().min(1).max(200)).default([]),
  legalBasis: z.enum(legalBases).optional(),
});

/** The shape of `ORGANISATIONS_FILE`: `{ "organisations": [ { "organisationId": ..., "kind": ... } ] }`. */
export const organisationsFileSchema = z.strictObject({ organisations: z.array(organisationSchema) });

const directoryProblem = (error: InvalidOrganisationDirectory): string => error.message.replace(/^Invalid organisation directory: /, '');

/**
 * The organisations of an organisations file, validated field by field and as a directory (no
 * organisation twice, no municipality in two Veilig Thuis regions). Pure: the caller reads the file.
 */
export const parseOrganisationsFile = (text: string): DirectoryOrganisation[] => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidAccessConfiguration('is not valid JSON');
  }
  const parsed = organisationsFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'the file'}: ${issue.message}`);
    throw new InvalidAccessConfiguration(problems.slice(0, 5).join('; '));
  }
  const organisations: DirectoryOrganisation[] = parsed.data.organisations.map(({ legalBasis, ...organisation }) => ({
    ...organisation,
    ...(legalBasis ? { legalBasis } : {}),
  }));
  try {
    createOrganisationDirectory(organisations);
  } catch (error) {
    if (error instanceof InvalidOrganisationDirectory) throw new InvalidAccessConfiguration(directoryProblem(error));
    throw error;
  }
  return organisations;
};

export type AccessConfiguration = { directory: OrganisationDirectory; emergencyPolicy: EmergencyAccessPolicy };

export type AccessConfigurationOptions = {
  /** From `ORGANISATIONS_FILE`; empty when it is not set. */
  organisations: readonly DirectoryOrganisation[];
  /** The demo region is loaded: its organisations (and `demoOrganisations`) join the directory. */
  demo: boolean;
  /** Organisations of demo accounts that have no case in the demo data (a school, a municipality). */
  demoOrganisations?: readonly DirectoryOrganisation[];
  emergencyAccess: Partial<EmergencyAccessPolicy>;
};

/**
 * The directory and emergency-access policy of this deployment. Without an organisations file and
 * without the demo the directory is empty, and the policy, failing closed, opens no case to anyone.
 */
export const accessConfiguration = (options: AccessConfigurationOptions): AccessConfiguration => {
  const organisations = [...options.organisations, ...(options.demo ? [...demoDirectoryOrganisations(), ...(options.demoOrganisations ?? [])] : [])];
  let directory: OrganisationDirectory;
  try {
    directory = createOrganisationDirectory(organisations);
  } catch (error) {
    if (error instanceof InvalidOrganisationDirectory) {
      throw new InvalidAccessConfiguration(`${directoryProblem(error)}${options.demo ? ' (with the demo region\'s organisations)' : ''}`);
    }
    throw error;
  }
  let emergencyPolicy: EmergencyAccessPolicy;
  try {
    emergencyPolicy = emergencyAccessPolicy(options.emergencyAccess);
  } catch (error) {
    if (error instanceof InvalidEmergencyAccessPolicy) throw new InvalidAccessConfiguration(error.message);
    throw error;
  }
  return { directory, emergencyPolicy };
};
