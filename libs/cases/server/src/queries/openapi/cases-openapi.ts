import { z } from 'zod';
import {
  addSafetyConditionBodySchema,
  caseCommandResultSchema,
  caseDetailQuerySchema,
  caseDetailSchema,
  caseTimelinePageSchema,
  caseTimelineQuerySchema,
  changePhaseBodySchema,
  closeCaseBodySchema,
  completeInvestigationBodySchema,
  completeSafetyAssessmentBodySchema,
  emergencyAccessBodySchema,
  emergencyAccessGrantSchema,
  emptyBodySchema,
  escalateCaseBodySchema,
  familySearchQuerySchema,
  familySearchResultSchema,
  myTasksPageSchema,
  myTasksQuerySchema,
  offerHandoverBodySchema,
  problemSchema,
  reasonBodySchema,
  recordRappelOutcomeBodySchema,
  recordSafetyConditionStatusBodySchema,
  registerAcuteUnsafetyBodySchema,
  registerAdviceRequestBodySchema,
  registerChainPartnerBodySchema,
  registerReportBodySchema,
  reviseSafetyConditionBodySchema,
  scheduleRappelsBodySchema,
  startInvestigationBodySchema,
  updatePlanPartBodySchema,
  worklistPageSchema,
  worklistQuerySchema,
} from '@ketenregie/contracts';

// The OpenAPI 3.1 document of the cases API, generated from the same zod schemas the controllers
// validate with, so the document cannot drift from what the server accepts. A test compares the
// routes here with the routes the controllers declare.

type JsonSchema = Record<string, unknown>;

export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, unknown>;
    headers: Record<string, unknown>;
    securitySchemes: Record<string, unknown>;
  };
  security: Record<string, string[]>[];
};

type Operation = {
  method: 'get' | 'post';
  /** Express-style, relative to `/api`, e.g. `/cases/:caseId`. */
  path: string;
  operationId: string;
  summary: string;
  tag: 'Werklijsten' | 'Casussen' | 'Gezinnen' | 'Opdrachten' | 'Toegang' | 'Documentatie';
  query?: z.ZodObject;
  body?: z.ZodType;
  bodyName?: string;
  response?: { name: string; schema: z.ZodType; status?: string; description: string };
  /** Extra problem statuses besides 400 and 401. */
  problems?: string[];
  etag?: boolean;
  command?: boolean;
  public?: boolean;
};

const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const worklist = (path: string, operationId: string, summary: string): Operation => ({
  method: 'get',
  path: `/worklists/${path}`,
  operationId,
  summary,
  tag: 'Werklijsten',
  query: worklistQuerySchema,
  response: { name: 'WorklistPage', schema: worklistPageSchema, description: 'Eén pagina van de werklijst, meest urgent eerst.' },
  problems: ['403', '503'],
});

const command = (
  path: string,
  operationId: string,
  summary: string,
  body: z.ZodType,
  bodyName: string,
  options: { creates?: boolean } = {},
): Operation => ({
  method: 'post',
  path,
  operationId,
  summary,
  tag: 'Opdrachten',
  body,
  bodyName,
  command: true,
  response: {
    name: 'CaseCommandResult',
    schema: caseCommandResultSchema,
    status: options.creates ? '201' : '200',
    description: 'De opdracht is verwerkt; `ETag` bevat de nieuwe versie.',
  },
  problems: ['403', '404', '409', '412', '422', '428'],
});

export const casesOperations: Operation[] = [
  worklist('my-cases', 'getMyCases', 'Mijn casussen (ik ben regisseur)'),
  worklist('assessments-due', 'getAssessmentsDue', 'Veiligheidsbeoordelingen die nog binnen de termijn vallen'),
  worklist('assessments-overdue', 'getAssessmentsOverdue', 'Veiligheidsbeoordelingen over de termijn'),
  worklist('rappels-due', 'getRappelsDue', 'Rappels die deze week aan de beurt zijn'),
  worklist('rappels-overdue', 'getRappelsOverdue', 'Rappels over de termijn'),
  worklist('recidivism-flags', 'getRecidivismFlags', 'Onbevestigde recidivesignalen'),
  {
    method: 'get',
    path: '/cases/:caseId',
    operationId: 'getCase',
    summary: 'Casus: gezin, regisseur, plan en open termijnen; met asOf zoals de casus was op die dag',
    tag: 'Casussen',
    query: caseDetailQuerySchema,
    response: { name: 'CaseDetail', schema: caseDetailSchema, description: 'De casus. `ETag: W/"<versie>"` (niet bij asOf).' },
    problems: ['403', '404', '503'],
    etag: true,
  },
  {
    method: 'get',
    path: '/cases/:caseId/timeline',
    operationId: 'getCaseTimeline',
    summary: 'Tijdlijn van de casus: elke gebeurtenis, leesbaar, nieuwste eerst',
    tag: 'Casussen',
    query: caseTimelineQuerySchema,
    response: { name: 'CaseTimelinePage', schema: caseTimelinePageSchema, description: 'Eén pagina van de tijdlijn.' },
    problems: ['403', '404', '503'],
  },
  {
    method: 'post',
    path: '/cases/:caseId/emergency-access',
    operationId: 'requestEmergencyAccess',
    summary: 'Noodtoegang (break-the-glass): een casus buiten de eigen relatie inzien, met reden; tijdelijk en gelogd',
    tag: 'Toegang',
    body: emergencyAccessBodySchema,
    bodyName: 'EmergencyAccessBody',
    response: {
      name: 'EmergencyAccessGrant',
      schema: emergencyAccessGrantSchema,
      status: '201',
      description: 'Toegang verleend tot `expiresAt`; elke inzage geldt als noodtoegang en wordt beoordeeld.',
    },
    problems: ['403', '404', '409', '422'],
  },
  {
    method: 'get',
    path: '/my-tasks',
    operationId: 'getMyTasks',
    summary: 'Mijn taken: de eigen taken van mijn organisatie in plannen van anderen (ketenpartner, lokaal team)',
    tag: 'Werklijsten',
    query: myTasksQuerySchema,
    response: { name: 'MyTasksPage', schema: myTasksPageSchema, description: 'Per casus alleen de eigen taken.' },
    problems: ['403', '503'],
  },
  {
    method: 'get',
    path: '/families/search',
    operationId: 'searchFamilies',
    summary: 'Zoeken vóór aanmaken: bekende gezinnen op naam, geboortedatum, postcode en huisnummer',
    tag: 'Gezinnen',
    query: familySearchQuerySchema,
    response: { name: 'FamilySearchResult', schema: familySearchResultSchema, description: 'Kandidaten met score en redenen.' },
    problems: ['403', '503'],
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'getOpenApiDocument',
    summary: 'Dit OpenAPI-document',
    tag: 'Documentatie',
    public: true,
  },
  command('/cases/reports', 'registerReport', 'Melding registreren (nieuw gezin of bestaande casus)', registerReportBodySchema, 'RegisterReportBody', { creates: true }),
  command('/cases/advice-requests', 'registerAdviceRequest', 'Adviesvraag registreren', registerAdviceRequestBodySchema, 'RegisterAdviceRequestBody', { creates: true }),
  command('/cases/:caseId/recidivism-flags/:flagId/acknowledge', 'acknowledgeRecidivismFlag', 'Recidivesignaal bevestigen', emptyBodySchema, 'EmptyBody'),
  command('/cases/:caseId/handovers', 'offerHandover', 'Overdracht van regie aanbieden', offerHandoverBodySchema, 'OfferHandoverBody'),
  command('/cases/:caseId/handovers/:handoverId/accept', 'acceptHandover', 'Overdracht aanvaarden', emptyBodySchema, 'EmptyBody'),
  command('/cases/:caseId/handovers/:handoverId/decline', 'declineHandover', 'Overdracht weigeren (met reden)', reasonBodySchema, 'ReasonBody'),
  command('/cases/:caseId/handovers/:handoverId/withdraw', 'withdrawHandover', 'Overdracht intrekken (met reden)', reasonBodySchema, 'ReasonBody'),
  command('/cases/:caseId/escalations', 'escalateCase', 'Opschalen naar Veilig Thuis', escalateCaseBodySchema, 'EscalateCaseBody'),
  command('/cases/:caseId/phase', 'changePhase', 'Fase wijzigen', changePhaseBodySchema, 'ChangePhaseBody'),
  command('/cases/:caseId/chain-partners', 'registerChainPartner', 'Ketenpartner registreren', registerChainPartnerBodySchema, 'RegisterChainPartnerBody'),
  command('/cases/:caseId/chain-partners/:partnerId/end', 'endChainPartnerInvolvement', 'Betrokkenheid ketenpartner beëindigen', reasonBodySchema, 'ReasonBody'),
  command('/cases/:caseId/acute-unsafety', 'registerAcuteUnsafety', 'Acute onveiligheid vastleggen', registerAcuteUnsafetyBodySchema, 'RegisterAcuteUnsafetyBody'),
  command('/cases/:caseId/safety-assessments/:assessmentId/start', 'startSafetyAssessment', 'Veiligheidsbeoordeling starten', emptyBodySchema, 'EmptyBody'),
  command('/cases/:caseId/safety-assessments/:assessmentId/complete', 'completeSafetyAssessment', 'Veiligheidsbeoordeling afronden', completeSafetyAssessmentBodySchema, 'CompleteSafetyAssessmentBody'),
  command('/cases/:caseId/conditions-and-follow-up', 'startConditionsAndFollowUp', 'Route voorwaarden en vervolg starten', reasonBodySchema, 'ReasonBody'),
  command('/cases/:caseId/investigations', 'startInvestigation', 'Onderzoek starten', startInvestigationBodySchema, 'StartInvestigationBody'),
  command('/cases/:caseId/investigations/:investigationId/complete', 'completeInvestigation', 'Onderzoek afronden', completeInvestigationBodySchema, 'CompleteInvestigationBody'),
  command('/cases/:caseId/child-protection-requests', 'requestChildProtectionInvestigation', 'Verzoek tot onderzoek bij de Raad voor de Kinderbescherming', reasonBodySchema, 'ReasonBody'),
  command('/cases/:caseId/close', 'closeCase', 'Casus afsluiten', closeCaseBodySchema, 'CloseCaseBody'),
  command('/cases/:caseId/safety-conditions', 'addSafetyCondition', 'Veiligheidsvoorwaarde toevoegen', addSafetyConditionBodySchema, 'AddSafetyConditionBody'),
  command('/cases/:caseId/safety-conditions/:conditionId/revise', 'reviseSafetyCondition', 'Veiligheidsvoorwaarde herzien', reviseSafetyConditionBodySchema, 'ReviseSafetyConditionBody'),
  command('/cases/:caseId/safety-conditions/:conditionId/status', 'recordSafetyConditionStatus', 'Status van een veiligheidsvoorwaarde vastleggen', recordSafetyConditionStatusBodySchema, 'RecordSafetyConditionStatusBody'),
  command('/cases/:caseId/plan/parts/:part', 'updatePlanPart', 'Onderdeel van het plan bijwerken', updatePlanPartBodySchema, 'UpdatePlanPartBody'),
  command('/cases/:caseId/rappel-schedules', 'scheduleRappels', 'Rappels plannen', scheduleRappelsBodySchema, 'ScheduleRappelsBody'),
  command('/cases/:caseId/rappels/:rappelId/outcome', 'recordRappelOutcome', 'Uitkomst van een rappel vastleggen', recordRappelOutcomeBodySchema, 'RecordRappelOutcomeBody'),
];

/** `/cases/:caseId` -> `/api/cases/{caseId}`. */
export const openApiPath = (path: string): string => `/api${path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;

const problemDescriptions: Record<string, string> = {
  '400': 'Ongeldige invoer; `errors` noemt elk veld.',
  '401': 'Niet aangemeld, of de sessie is verlopen (POST /api/auth/sign-in).',
  '403': 'Geen toestemming voor deze handeling of gegevens (u mag wel weten dat de casus bestaat), of het X-CSRF-Token ontbreekt of klopt niet.',
  '404': 'Onbekende casus, of een casus waarmee u geen relatie hebt: die twee zijn niet te onderscheiden.',
  '409': 'Conflict met de huidige stand van de casus.',
  '412': 'If-Match komt niet overeen met de huidige versie.',
  '422': 'De handeling past niet bij de casus (regel van het domein).',
  '428': 'Idempotency-Key ontbreekt.',
  '503': 'De leesmodellen halen het controlepunt niet op tijd in; probeer opnieuw (Retry-After).',
};

const problemResponse = (status: string) => ({
  description: problemDescriptions[status] ?? 'Probleem',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

export const buildCasesOpenApi = (options: { version: string }): OpenApiDocument => {
  const schemas: Record<string, JsonSchema> = { Problem: toJsonSchema(problemSchema, 'output') };
  const ref = (name: string, schema: z.ZodType, io: 'input' | 'output'): { $ref: string } => {
    schemas[name] ??= toJsonSchema(schema, io);
    return { $ref: `#/components/schemas/${name}` };
  };
  const paths: OpenApiDocument['paths'] = {};
  for (const operation of casesOperations) {
    const parameters: unknown[] = [...operation.path.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (operation.query) {
      const query = toJsonSchema(operation.query, 'input');
      const required = new Set((query['required'] as string[] | undefined) ?? []);
      for (const [name, schema] of Object.entries((query['properties'] as Record<string, JsonSchema> | undefined) ?? {})) {
        const { description, ...rest } = schema;
        parameters.push({
          name,
          in: 'query',
          required: required.has(name),
          schema: rest,
          ...(typeof description === 'string' ? { description } : {}),
        });
      }
    }
    if (operation.command) {
      parameters.push({ $ref: '#/components/parameters/IdempotencyKey' }, { $ref: '#/components/parameters/IfMatch' });
    }
    const responses: Record<string, unknown> = {};
    if (operation.response) {
      responses[operation.response.status ?? '200'] = {
        description: operation.response.description,
        ...(operation.etag || operation.command ? { headers: { ETag: { $ref: '#/components/headers/ETag' } } } : {}),
        content: { 'application/json': { schema: ref(operation.response.name, operation.response.schema, 'output') } },
      };
    } else {
      responses['200'] = { description: 'Het OpenAPI-document.', content: { 'application/json': { schema: { type: 'object' } } } };
    }
    if (operation.etag) responses['304'] = { description: 'Niet gewijzigd sinds de ETag in If-None-Match.' };
    if (!operation.public) {
      for (const status of ['400', '401', ...(operation.problems ?? [])]) responses[status] = problemResponse(status);
    }
    paths[openApiPath(operation.path)] ??= {};
    paths[openApiPath(operation.path)][operation.method] = {
      operationId: operation.operationId,
      summary: operation.summary,
      tags: [operation.tag],
      ...(operation.public ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(operation.body && operation.bodyName
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: ref(operation.bodyName, operation.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ketenregie API: casussen',
      version: options.version,
      description:
        'Casusregie bij huiselijk geweld en kindermishandeling. Opdrachten zijn POST met Idempotency-Key en optioneel If-Match; vragen lezen leesmodellen en accepteren `after` (read-your-writes). Fouten zijn RFC 9457 problem+json.',
    },
    paths,
    components: {
      schemas,
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description: 'Unieke sleutel per bedoelde handeling; een herhaald verzoek geeft hetzelfde antwoord.',
          schema: { type: 'string', maxLength: 200 },
        },
        IfMatch: {
          name: 'If-Match',
          in: 'header',
          required: false,
          description: 'De ETag (W/"<versie>") waarop de wijziging voortbouwt; anders 412.',
          schema: { type: 'string' },
        },
      },
      headers: {
        ETag: { description: 'Versie van de casus als W/"<versie>"; stuur terug in If-Match.', schema: { type: 'string' } },
      },
      securitySchemes: {
        // The session cookie from sign-in; POST requests also carry the session's X-CSRF-Token.
        session: { type: 'apiKey', in: 'cookie', name: 'ketenregie_session' },
      },
    },
    security: [{ session: [] }],
  };
};
