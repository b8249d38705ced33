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
import { defaultCasePolicy } from '@ketenregie/cases-domain';
import type { CasePolicy } from '@ketenregie/cases-domain';

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
  /** Veilig Thuis only: its region's rappel schedule, months after hand-over (default 3, 6, 12, 18). */
  rappelOffsetsInMonths: z
    .array(z.number().int().min(1).max(120))
    .min(1)
    .max(24)
    .refine((months) => months.every((month, index) => index === 0 || month > months[index - 1]), 'must be increasing months')
    .optional(),
});

/** The shape of `ORGANISATIONS_FILE`: `{ "organisations": [ { "organisationId": ..., "kind": ... } ] }`. */
export const organisationsFileSchema = z.strictObject({
  organisations: z.array(organisationSchema).superRefine((organisations, context) => {
    organisations.forEach((organisation, index) => {
      if (organisation.rappelOffsetsInMonths !== undefined && organisation.kind !== 'veilig-thuis') {
        context.addIssue({ code: 'custom', path: [index, 'rappelOffsetsInMonths'], message: 'only Veilig Thuis schedules rappels' });
      }
    });
  }),
});

/** An organisation as configured: what the access policy knows, and a region's own rules for cases. */
export type ConfiguredOrganisation = DirectoryOrganisation & { rappelOffsetsInMonths?: readonly number[] };

const directoryProblem = (error: InvalidOrganisationDirectory): string => error.message.replace(/^Invalid organisation directory: /, '');

/**
 * The organisations of an organisations file, validated field by field and as a directory (no
 * organisation twice, no municipality in two Veilig Thuis regions). Pure: the caller reads the file.
 */
export const parseOrganisationsFile = (text: string): ConfiguredOrganisation[] => {
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
  const organisations: ConfiguredOrganisation[] = parsed.data.organisations.map(
    ({ legalBasis, rappelOffsetsInMonths, ...organisation }) => ({
      ...organisation,
      ...(legalBasis ? { legalBasis } : {}),
      ...(rappelOffsetsInMonths ? { rappelOffsetsInMonths } : {}),
    }),
  );
  try {
    createOrganisationDirectory(organisations);
  } catch (error) {
    if (error instanceof InvalidOrganisationDirectory) throw new InvalidAccessConfiguration(directoryProblem(error));
    throw error;
  }
  return organisations;
};

/**
 * What the organisations file and the emergency-access settings configure: the directory and
 * emergency policy the access policy decides with, and the case rules regions set there.
 */
export type AccessConfiguration = { directory: OrganisationDirectory; emergencyPolicy: EmergencyAccessPolicy; casePolicy: CasePolicy };

export type AccessConfigurationOptions = {
  /** From `ORGANISATIONS_FILE`; empty when it is not set. */
  organisations: readonly ConfiguredOrganisation[];
  /** The demo region is loaded: `demoOrganisations` join the directory. */
  demo: boolean;
  /**
   * The demo region's organisations and those of demo accounts that have no case in it (a school,
   * a municipality). The app passes them in: the demo lives in its own library, which this one
   * does not import.
   */
  demoOrganisations?: readonly DirectoryOrganisation[];
  emergencyAccess: Partial<EmergencyAccessPolicy>;
};

/**
 * The directory and emergency-access policy of this deployment. Without an organisations file and
 * without the demo the directory is empty, and the policy, failing closed, opens no case to anyone.
 */
export const accessConfiguration = (options: AccessConfigurationOptions): AccessConfiguration => {
  const organisations = [...options.organisations, ...(options.demo ? (options.demoOrganisations ?? []) : [])];
  let directory: OrganisationDirectory;
  try {
    directory = createOrganisationDirectory(organisations);
  } catch (error) {
    if (error instanceof InvalidOrganisationDirectory) {
      throw new InvalidAccessConfiguration(`${directoryProblem(error)}${options.demo ? " (with the demo region's organisations)" : ''}`);
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
  const rappelOffsetsByRegion = new Map(
    options.organisations.flatMap((organisation) =>
      organisation.rappelOffsetsInMonths ? [[organisation.organisationId, [...organisation.rappelOffsetsInMonths]] as const] : [],
    ),
  );
  return { directory, emergencyPolicy, casePolicy: { ...defaultCasePolicy, rappelOffsetsByRegion } };
};
