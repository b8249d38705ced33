import {
  capabilitiesByRole,
  caseCommandAccess,
  caseCommandKinds,
  directingRoles,
  roles as allRoles,
  taskRoles,
} from '@ketenregie/access-domain';
import type { Capability, CaseCommandKind, CaseCommandName, Role } from '@ketenregie/access-domain';
import {
  apiBasePath,
  accessOperations,
  buildOpenApiDocument,
  caseCommandResultSchema,
  caseDetailQuerySchema,
  caseDetailSchema,
  caseTimelinePageSchema,
  caseTimelineQuerySchema,
  emergencyAccessBodySchema,
  emergencyAccessGrantSchema,
  familySearchBodySchema,
  familySearchResultSchema,
  myTasksPageSchema,
  myTasksQuerySchema,
  organisationPeopleSchema,
  systemOperations,
  worklistPageSchema,
  worklistQuerySchema,
} from '@ketenregie/contracts';
import type { OpenApiAuthorisation, OpenApiDocument, OpenApiOperation, ProblemSpec } from '@ketenregie/contracts';
import { caseCommandRoutes } from '../../case-command/case-command-routes';
import { worklistRoutes } from '../get-worklist/worklist.routes';
import type { CaseCommandRoute } from '../../case-command/case-command.route';

// The cases context's operations, and the one OpenAPI document of the whole API: these together
// with the access context's and the app's own operations from the contracts. Who may call a case
// operation is read from the access policy itself (capabilities and the command access table), so
// the document says what the server enforces.

export type { OpenApiDocument } from '@ketenregie/contracts';

const rolesWith = (capability: Capability): Role[] =>
  (Object.keys(capabilitiesByRole) as Role[]).filter((role) => capabilitiesByRole[role].includes(capability));

const byCapability = (capability: Capability, rule: string): OpenApiAuthorisation => ({
  kind: 'roles',
  roles: rolesWith(capability),
  rule: `Bevoegdheid \`${capability}\`. ${rule}`,
});

const wholeCase =
  'een relatie die de hele casus opent (regisseur, team van de regisseur, de organisatie waaraan een overdracht is aangeboden, of Veilig Thuis van de regio van de gemeente)';

const caseProblems = {
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
    case 'system':
      throw new Error(`${commandType} is sent by the scheduler, never over HTTP`);
    default: {
      const unreachable: never = rule;
      return unreachable;
    }
  }
};

const worklist = (path: string, operationId: string, summary: string): OpenApiOperation => ({
  method: 'get',
  path: `${apiBasePath}/worklists/${path}`,
  operationId,
  summary,
  tag: 'Werklijsten',
  authorisation: byCapability('view-worklists', `Alleen casussen waarmee u ${wholeCase} hebt.`),
  query: worklistQuerySchema,
  response: { body: { name: 'WorklistPage', schema: worklistPageSchema }, description: 'Eén pagina van de werklijst, meest urgent eerst.' },
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
  ...worklistRoutes.map((route) => worklist(route.name, route.operationId, route.summary)),
  {
    method: 'get',
    path: '/api/v1/cases/:caseId',
    operationId: 'getCase',
    summary: 'Casus: gezin, regisseur, plan en open termijnen; met asOf zoals de casus was op die dag',
    tag: 'Casussen',
    authorisation: {
      kind: 'roles',
      roles: directingRoles,
      rule: `Need-to-know: ${wholeCase}, of een lopende noodtoegang (elke inzage dan gelogd als noodtoegang). Met alleen een eigen taak in het plan 403 (zie GET /api/v1/my-tasks); zonder relatie 404. Elke inzage staat in het toegangslogboek.`,
    },
    query: caseDetailQuerySchema,
    response: { body: { name: 'CaseDetail', schema: caseDetailSchema }, description: 'De casus. `ETag: "<versie>"` (niet bij asOf).' },
    problems: [caseProblems.forbidden, caseProblems.notFound, '503'],
    etag: true,
  },
  {
    method: 'get',
    path: '/api/v1/cases/:caseId/timeline',
    operationId: 'getCaseTimeline',
    summary: 'Tijdlijn van de casus: elke gebeurtenis, leesbaar, nieuwste eerst',
    tag: 'Casussen',
    authorisation: {
      kind: 'roles',
      roles: directingRoles,
      rule: `Need-to-know, als bij GET /api/v1/cases/{caseId}: ${wholeCase}, of een lopende noodtoegang. Met alleen een eigen taak 403; zonder relatie 404.`,
    },
    query: caseTimelineQuerySchema,
    response: { body: { name: 'CaseTimelinePage', schema: caseTimelinePageSchema }, description: 'Eén pagina van de tijdlijn.' },
    problems: [caseProblems.forbidden, caseProblems.notFound, '503'],
  },
  {
    method: 'post',
    path: '/api/v1/cases/:caseId/emergency-access',
    operationId: 'requestEmergencyAccess',
    summary: 'Noodtoegang (break-the-glass): een casus buiten de eigen relatie inzien, met reden; tijdelijk en gelogd',
    tag: 'Toegang',
    authorisation: byCapability(
      'request-emergency-access',
      'Voor een casus waarmee u geen relatie hebt; de reden wordt gelogd en de privacyfunctionaris beoordeelt elke noodtoegang (GET /api/v1/emergency-grants).',
    ),
    body: { name: 'EmergencyAccessBody', schema: emergencyAccessBodySchema },
    response: {
      body: { name: 'EmergencyAccessGrant', schema: emergencyAccessGrantSchema },
      status: '201',
      description:
        'Toegang verleend tot `expiresAt`; elke inzage geldt als noodtoegang en wordt beoordeeld. `Location` wijst naar de casus.',
    },
    problems: [
      {
        status: '403',
        description:
          'Geen Veilig Thuis-professional, terwijl u de casus wel kent (eigen taak in het plan), of het X-CSRF-Token ontbreekt of klopt niet.',
      },
      {
        status: '404',
        description: 'Onbekende casus, of (zonder de rol Veilig Thuis-professional) een casus waarmee u geen relatie hebt.',
      },
      {
        status: '422',
        description:
          'De reden is te kort of te lang (`errors` noemt `reason`), of u hebt al toegang tot deze casus en noodtoegang is niet nodig.',
      },
    ],
  },
  {
    method: 'get',
    path: '/api/v1/my-tasks',
    operationId: 'getMyTasks',
    summary: 'Mijn taken: de eigen taken van mijn organisatie in plannen van anderen (ketenpartner, lokaal team)',
    tag: 'Werklijsten',
    authorisation: byCapability(
      'view-own-tasks',
      'Per casus alleen de eigen veiligheidsvoorwaarden en afspraken van de eigen organisatie, nooit het gezin of de rest van het plan; elke getoonde casus wordt gelogd.',
    ),
    query: myTasksQuerySchema,
    response: { body: { name: 'MyTasksPage', schema: myTasksPageSchema }, description: 'Per casus alleen de eigen taken.' },
    problems: [caseProblems.capability, '503'],
  },
  {
    method: 'post',
    path: '/api/v1/families/search',
    operationId: 'searchFamilies',
    summary:
      'Zoeken vóór aanmaken: bekende gezinnen op naam (elke bekende schrijfwijze), geboortedatum, postcode en huisnummer (12A, 12 A, 12-A en 12 + A zijn één adres); persoonsgegevens in de body, nooit in de URL',
    tag: 'Gezinnen',
    authorisation: byCapability(
      'search-families',
      `Alleen gezinnen met een casus waarmee u ${wholeCase} hebt. Elk getoond gezin staat in het toegangslogboek.`,
    ),
    body: { name: 'FamilySearchBody', schema: familySearchBodySchema },
    response: { body: { name: 'FamilySearchResult', schema: familySearchResultSchema }, description: 'Kandidaten met score en redenen.' },
    problems: [
      { status: '400', description: 'De zoekvraag klopt niet; `errors` noemt de velden.' },
      { status: '403', description: 'Uw rol heeft deze bevoegdheid niet, of het X-CSRF-Token ontbreekt of klopt niet.' },
      '503',
    ],
  },
  {
    method: 'get',
    path: '/api/v1/organisations/:organisationId/people',
    operationId: 'getOrganisationPeople',
    summary: 'Professionals van een organisatie, om een ontvanger van een overdracht te kiezen',
    tag: 'Toegang',
    authorisation: {
      kind: 'roles',
      roles: allRoles,
      rule: 'Need-to-know: de eigen organisatie, en (voor wie een casus kan regisseren) de organisaties waaraan u een casus mag overdragen: uw Veilig Thuis-regio, de lokale teams daarin en, voor Veilig Thuis, een andere Veilig Thuis. Elke andere organisatie 404, gelijk aan een onbekende. Accountnummer, naam en rollen; nooit een e-mailadres.',
    },
    response: {
      body: { name: 'OrganisationPeople', schema: organisationPeopleSchema },
      description: 'De actieve accounts van de organisatie met hun rollen daar.',
    },
    problems: [{ status: '404', description: 'Onbekende organisatie, of een waarvan u de professionals niet hoeft te kennen.' }],
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'Dit OpenAPI-document',
    tag: 'Documentatie',
    authorisation: { kind: 'public', rule: 'Beschrijft de API, geen gegevens; vanaf elke herkomst te lezen (CORS).' },
    response: { body: 'any-json', description: 'Het OpenAPI-document.' },
  },
  ...caseCommandRoutes.map(command),
];

/** Every operation the app serves, whichever context's controller serves it. */
export const apiOperations: readonly OpenApiOperation[] = [...systemOperations, ...accessOperations, ...casesOperations];

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
