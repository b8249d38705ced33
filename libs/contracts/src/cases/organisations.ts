import { z } from 'zod';
import { signedInUserSchema } from '../access/auth';

/**
 * GET /api/v1/organisations/{id}/people: the professionals of an organisation a user may hand a case
 * over to (or their own), so a client can offer a choice of receiver. Account ids, display names
 * and the roles they can act in there; never a username or e-mail address.
 */
export const organisationPeopleSchema = z.object({
  organisation: z.object({
    organisationId: z.string(),
    name: z.string(),
    kind: z.enum(['veilig-thuis', 'local-team', 'chain-partner', 'referrer-organisation', 'municipality', 'operator']),
  }),
  people: z.array(
    z.object({
      /** The `personId` to name in a hand-over, an escalation or a rappel owner. */
      personId: z.string(),
      displayName: z.string(),
      roles: signedInUserSchema.shape.roles,
    }),
  ),
});

export type OrganisationPeople = z.infer<typeof organisationPeopleSchema>;

/**
 * GET /api/v1/cases/{caseId}/handover-targets: the organisations the signed-in user may offer this
 * case to now, each as the hand-over command would take it, so a client offers names, not codes.
 * `kindOfHandover` is what the offer would be: afschalen to a local team, opschalen to Veilig
 * Thuis, or a transfer to another team of the same kind.
 */
export const handoverTargetsSchema = z.object({
  caseId: z.string(),
  targets: z.array(
    z.object({
      organisationId: z.string(),
      name: z.string(),
      kind: z.enum(['veilig-thuis', 'local-team']),
      kindOfHandover: z.enum(['de-escalation', 'escalation', 'transfer']),
    }),
  ),
});

export type HandoverTargets = z.infer<typeof handoverTargetsSchema>;
export type HandoverTarget = HandoverTargets['targets'][number];

/**
 * GET /api/v1/organisations?kind=chain-partner: the organisations of the region's directory of one
 * kind, so a director chooses a chain partner by name. Names and codes only: no people, no contact
 * details, nothing about a family.
 */
export const organisationListKinds = ['chain-partner'] as const;

export const organisationListQuerySchema = z.strictObject({
  kind: z
    .enum(organisationListKinds, { error: 'Kies het soort organisatie.' })
    .describe('Het soort organisatie; `chain-partner`: de ketenpartners van de regio.'),
});

export const organisationListSchema = z.object({
  organisations: z.array(
    z.object({
      organisationId: z.string(),
      name: z.string(),
      kind: z.enum(organisationListKinds),
    }),
  ),
});

export type OrganisationList = z.infer<typeof organisationListSchema>;
export type OrganisationListItem = OrganisationList['organisations'][number];

/**
 * GET /api/v1/municipalities: the municipalities the region's directory knows, each with the
 * Veilig Thuis organisation whose region it lies in, so an intake offers the municipality by name.
 * A municipality typed differently finds no region and no local team (no hand-over target), so the
 * form warns about one not on this list; it does not refuse it, since a family may live elsewhere.
 */
export const municipalityListSchema = z.object({
  municipalities: z.array(
    z.object({
      name: z.string(),
      veiligThuis: z.object({ organisationId: z.string(), name: z.string() }),
    }),
  ),
});

export type MunicipalityList = z.infer<typeof municipalityListSchema>;

/** How a typed municipality is compared with the list (and how the server finds its region). */
export { municipalityKey } from '@ketenregie/kernel';
