import { capabilitiesByRole } from '@ketenregie/access-domain';
import type { Capability, Role } from '@ketenregie/access-domain';
import type { OpenApiAuthorisation, ProblemSpec } from '@ketenregie/contracts';

// How the cases context's routes say who may call them, read from the access policy itself
// (capabilities by role), so the document says what the server enforces.

export const rolesWith = (capability: Capability): Role[] =>
  (Object.keys(capabilitiesByRole) as Role[]).filter((role) => capabilitiesByRole[role].includes(capability));

export const byCapability = (capability: Capability, rule: string): OpenApiAuthorisation => ({
  kind: 'roles',
  roles: rolesWith(capability),
  rule: `Bevoegdheid \`${capability}\`. ${rule}`,
});

export const wholeCase =
  'een relatie die de hele casus opent (regisseur, team van de regisseur, de organisatie waaraan een overdracht is aangeboden, of Veilig Thuis van de regio van de gemeente)';

export const caseProblems = {
  forbidden: {
    status: '403',
    description: 'U mag weten dat de casus bestaat, maar niet dit doen (bijvoorbeeld met alleen een eigen taak in het plan).',
  },
  forbiddenCommand: {
    status: '403',
    description:
      'U mag weten dat de casus bestaat, maar niet dit doen (andere rol, alleen een eigen taak, of alleen noodtoegang), of het X-CSRF-Token ontbreekt of klopt niet.',
  },
  notFound: {
    status: '404',
    description: 'Onbekende casus, of een casus waarmee u geen relatie hebt: die twee zijn niet te onderscheiden.',
  },
  capability: { status: '403', description: 'Uw rol heeft deze bevoegdheid niet.' },
} as const satisfies Record<string, ProblemSpec>;
