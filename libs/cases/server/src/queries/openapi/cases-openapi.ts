import { caseCommandAccess, caseCommandKinds, taskRoles } from '@ketenregie/access-domain';
import type { CaseCommandKind, CaseCommandName } from '@ketenregie/access-domain';
import {
  apiBasePath,
  accessOperations,
  feedbackOperations,
  buildOpenApiDocument,
  caseCommandResultSchema,
  systemOperations,
  worklistPageSchema,
  worklistQuerySchema,
} from '@ketenregie/contracts';
import type { OpenApiAuthorisation, OpenApiDocument, OpenApiOperation } from '@ketenregie/contracts';
import { caseCommandRoutes } from '../../case-command/case-command-routes';
import { worklistRoutes } from '../get-worklist/worklist.routes';
import type { WorklistRoute } from '../get-worklist/worklist.routes';
import type { CaseCommandRoute } from '../../case-command/case-command.route';
import { queryOperation } from '@ketenregie/platform-http';
import { byCapability, caseProblems, rolesWith, wholeCase } from '../../http/route-authorisation';
import { caseQueryRoutes } from '../case-query-routes';

// The cases context's operations, and the one OpenAPI document of the whole API: these together
// with the access context's and the app's own operations from the contracts. Who may call a case
// operation is read from the access policy itself (capabilities and the command access table), so
// the document says what the server enforces.

export type { OpenApiDocument } from '@ketenregie/contracts';

/** Who decides, once role and relation allow the command (ADR 0008); the case's rules answer 403 naming the director. */
const decidedBy: Record<Exclude<CaseCommandKind, 'system'>, string> = {
  intake: '',
  steering:
    ' Sturend: alleen de regisseur of een collega uit diens team (namens de regisseur, dat legt de gebeurtenis vast); ieder ander krijgt 403 met de naam van wie de regie heeft.',
  escalation:
    ' Het lokale team dat de regie heeft biedt de casus aan Veilig Thuis aan (sturend); Veilig Thuis van de regio van het gezin kan de regie altijd zelf terugnemen.',
  'hand-over-answer': ' Alleen de genoemde ontvanger, of bij een aanbod aan een team iedere professional van dat team (403 voor anderen).',
  'director-in-person': ' Alleen de regisseur zelf (403 voor anderen, ook voor het team).',
  assessment: ' Werk van Veilig Thuis aan de beoordeling of het onderzoek.',
  monitoring:
    ' Het team van de eigenaar van de rappel; een onveilige uitkomst geeft de regie terug aan die eigenaar, wie haar ook vastlegt.',
  'own-condition': ' De eigenaar van de voorwaarde, of de regisseur en diens team (403 voor anderen).',
  signal: ' De melding moet bij de casus horen; een ketenpartner moet een taak in het plan of een lopende betrokkenheid hebben.',
};

const commandAuthorisation = (commandType: CaseCommandName): OpenApiAuthorisation => {
  const rule = caseCommandAccess[commandType];
  const kind = caseCommandKinds[commandType];
  const refused = `Met alleen een eigen taak in het plan 403; zonder relatie 404, gelijk aan een onbekende casus.${kind === 'system' ? '' : decidedBy[kind]}`;
  switch (rule.requires) {
    case 'full-case':
      return {
        kind: 'roles',
        roles: rule.roles,
        rule: `Need-to-know: ${wholeCase}, handelend in een van deze rollen. ${
          rule.inEmergency ? 'Een lopende noodtoegang volstaat ook (gelogd als noodtoegang).' : 'Noodtoegang volstaat niet (403).'
        } ${refused}`,
      };
    case 'full-case-or-own-condition':
      return {
        kind: 'roles',
        roles: [...new Set([...rule.roles, ...taskRoles])],
        rule: `Need-to-know: ${wholeCase}, handelend als ${rule.roles.join(' of ')}; of de organisatie die eigenaar is van deze veiligheidsvoorwaarde (eigen taak). Een voorwaarde van een ander is voor een partner even onbekend als de casus (404).`,
      };
    case 'intake':
      return {
        kind: 'roles',
        roles: [...new Set([...rolesWith('open-case'), ...rule.roles])],
        rule: `Nieuw gezin: bevoegdheid \`open-case\`. Bij een bestaande casus (\`caseId\`): need-to-know, ${wholeCase}, handelend als ${rule.roles.join(' of ')}. ${refused}`,
      };
    case 'referrer-or-partner':
      return {
        kind: 'roles',
        roles: [...new Set([...taskRoles, 'referrer' as const])],
        rule: `Need-to-know: een melder over de eigen melding (\`reportId\`; een melding van een ander geeft 404), of een ketenpartner met een eigen taak in het plan, voor de eigen organisatie. Wie de hele casus ziet, meldt geen signaal (403).${decidedBy.signal}`,
      };
    case 'system':
      throw new Error(`${commandType} is sent by the scheduler, never over HTTP`);
    default: {
      const unreachable: never = rule;
      return unreachable;
    }
  }
};

const worklist = ({ name, operationId, summary, page }: WorklistRoute): OpenApiOperation => ({
  method: 'get',
  path: `${apiBasePath}/worklists/${name}`,
  operationId,
  summary,
  tag: 'Werklijsten',
  authorisation: byCapability('view-worklists', `Alleen casussen waarmee u ${wholeCase} hebt.`),
  query: worklistQuerySchema,
  response: page
    ? { body: { name: page.name, schema: page.schema }, description: page.description }
    : { body: { name: 'WorklistPage', schema: worklistPageSchema }, description: 'Eén pagina van de werklijst, meest urgent eerst.' },
  problems: [caseProblems.capability, '503'],
});

/** A command endpoint as its route declares it. */
const command = ({ path, commandType, operationId, summary, body, bodyName, creates }: CaseCommandRoute): OpenApiOperation => ({
  method: 'post',
  path: `${apiBasePath}${path}`,
  operationId,
  summary,
  tag: 'Opdrachten',
  authorisation: commandAuthorisation(commandType),
  body: { name: bodyName, schema: body },
  command: true,
  response: {
    body: { name: 'CaseCommandResult', schema: caseCommandResultSchema },
    status: creates ? '201' : '200',
    description: 'De opdracht is verwerkt; `ETag` bevat de nieuwe versie.',
  },
  problems: [
    ...(creates
      ? [
          {
            status: '400' as const,
            description:
              'Ongeldige invoer (`errors` noemt de velden), of `If-Match` bij een nieuw gezin: een casus die nog niet bestaat heeft geen versie.',
          },
        ]
      : []),
    caseProblems.forbiddenCommand,
    caseProblems.notFound,
    {
      status: '409',
      description: creates
        ? 'Het gezin is al bekend: `matchedCaseId` (en `matchedCaseIds` bij meer) noemt de casus, alleen als u die mag zien; koppel de melding daaraan, of houd als Veilig Thuis-professional met `separateFrom` (die casussen en een reden) een ander gezin apart. Verder: de casus werd tegelijk gewijzigd, of dit verzoek wordt al verwerkt.'
        : 'De casus werd tegelijk door iemand anders gewijzigd, of dit verzoek wordt al verwerkt.',
    },
    '412',
    {
      status: '422',
      description:
        'De handeling past niet bij de casus (regel van het domein), of de Idempotency-Key is al gebruikt voor een ander verzoek.',
    },
    '428',
  ],
});

export const casesOperations: OpenApiOperation[] = [
  ...worklistRoutes.map(worklist),
  ...caseQueryRoutes.map(queryOperation),
  ...caseCommandRoutes.map(command),
];

/** Every operation the app serves, whichever context's controller serves it. */
export const apiOperations: readonly OpenApiOperation[] = [
  ...systemOperations,
  ...accessOperations,
  ...casesOperations,
  ...feedbackOperations,
];

export const buildApiOpenApi = (options: { version: string }): OpenApiDocument =>
  buildOpenApiDocument({
    title: 'Ketenregie API',
    version: options.version,
    contact: { name: 'Beheer Ketenregie API', url: 'https://ketenregie.nl/api', email: 'api@ketenregie.nl' },
    description:
      'Casusregie bij huiselijk geweld en kindermishandeling. Aanmelden geeft een sessiecookie en een CSRF-token (X-CSRF-Token bij elk POST-verzoek). ' +
      'Opdrachten zijn POST met Idempotency-Key en optioneel If-Match; vragen lezen leesmodellen en accepteren `after` (read-your-writes). ' +
      'Wie een casus mag zien bepaalt need-to-know: een relatie met de casus, geen rol alleen; zonder relatie is een casus onbekend (404). ' +
      'Elke inzage en wijziging staat in het toegangslogboek (NEN 7513). Fouten zijn RFC 9457 problem+json; bij te veel verzoeken 429.',
    operations: apiOperations,
  });
