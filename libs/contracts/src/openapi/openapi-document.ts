import { z } from 'zod';
import type { Role } from '@ketenregie/kernel';
import { csrfHeader, sessionCookieName } from '../access/auth';
import { problemSchema } from '../problem';
import { apiBasePath, apiVersionHeader } from './api-version';

// The one builder of the API's OpenAPI 3.1 document. Each context lists its own operations next to
// the zod schemas its controllers validate with; the document is made from those same schemas, so
// it cannot drift from what the server accepts. A test compares the operations with the routes the
// running app serves, both ways.

export type JsonSchema = Record<string, unknown>;

export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description: string; contact: { name: string; url: string; email: string } };
  servers: { url: string; description: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, unknown>;
    headers: Record<string, unknown>;
    securitySchemes: Record<string, unknown>;
  };
  security: Record<string, string[]>[];
};

export type ProblemStatus = '400' | '401' | '403' | '404' | '409' | '410' | '412' | '413' | '415' | '422' | '428' | '429' | '500' | '503';

/** A problem status, with a description of what it means on this operation when the general one says too little. */
export type ProblemSpec = ProblemStatus | { status: ProblemStatus; description: string };

/**
 * Who may call the operation. `public`: anyone, without a session. `signed-in`: any session.
 * `roles`: a session acting in one of `roles`; `rule` names the capability or the need-to-know
 * relation the server checks on top.
 */
export type OpenApiAuthorisation =
  { kind: 'public'; rule: string } | { kind: 'signed-in'; rule: string } | { kind: 'roles'; roles: readonly Role[]; rule: string };

export type OpenApiOperation = {
  method: 'get' | 'post';
  /** Express-style and absolute, as the router has it: `/api/v1/cases/:caseId`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  authorisation: OpenApiAuthorisation;
  query?: z.ZodObject;
  body?: { name: string; schema: z.ZodType };
  response: {
    /** `200` unless said otherwise. */
    status?: '200' | '201' | '204' | '302';
    description: string;
    /** A named schema; `any-json` for a JSON document without one. */
    body?: { name: string; schema: z.ZodType } | 'any-json';
  };
  /** Other answers that are not problems, such as a probe's 503 with its own body. */
  alsoAnswers?: { status: string; description: string; body?: { name: string; schema: z.ZodType } }[];
  /** Problem statuses besides 400 (any input) and 401 (not public), which are added by themselves. */
  problems?: ProblemSpec[];
  /** Answers with the case's `ETag` and honours If-None-Match (304). */
  etag?: boolean;
  /** A case command: Idempotency-Key, If-Match, `ETag` on the answer. */
  command?: boolean;
  /** A state-changing request that needs no X-CSRF-Token (sign-in: there is no session yet). */
  csrfExempt?: boolean;
  /** Not a case command, yet a retried request must act once: takes the Idempotency-Key header (428 without it). */
  idempotencyKey?: boolean;
};

const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/** `/api/v1/cases/:caseId` -> `/cases/{caseId}` (relative to the server `/api/v1`); a probe's path stays as it is. */
export const openApiPath = (path: string): string => {
  const relative = path.startsWith(`${apiBasePath}/`) ? path.slice(apiBasePath.length) : path;
  return relative.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
};

/** The platform's probes: outside the versioned API, at the root of the host. */
const isProbe = (path: string): boolean => path.startsWith('/health/');

// Every path segment a client fills in, explained once; a new one must be added here (the builder refuses it otherwise).
const pathParameterDescriptions: Record<string, string> = {
  caseId: 'Het nummer (UUID) van de casus.',
  memberId: 'Het nummer van het gezinslid binnen de casus.',
  flagId: 'Het nummer van het recidivesignaal.',
  handoverId: 'Het nummer van het aanbod tot overdracht.',
  partnerId: 'Het nummer van de betrokkenheid van de ketenpartner.',
  assessmentId: 'Het nummer van de veiligheidsbeoordeling (gelijk aan dat van de melding die haar startte).',
  investigationId: 'Het nummer van het onderzoek.',
  conditionId: 'Het nummer van de veiligheidsvoorwaarde.',
  part: 'Het onderdeel van het plan: `safety` (veiligheid), `aid` (hulp) of `recovery` (herstel).',
  rappelId: 'Het nummer van de rappel.',
  signalId: 'Het nummer van het signaal aan de regisseur.',
  grantId: 'Het nummer van de noodtoegang.',
  organisationId: 'De code van de organisatie, zoals in het organisatieoverzicht van de regio.',
  familyId: 'Het nummer van het gezin (`familyId` uit de casus).',
  reportId: 'Het nummer van de melding.',
};

const pathParameterDescription = (path: string, name: string): string => {
  const description = pathParameterDescriptions[name];
  if (!description) throw new Error(`OpenAPI: describe the path parameter ${name} of ${path} in pathParameterDescriptions`);
  return description;
};

const problemDescriptions: Record<ProblemStatus, string> = {
  '400': 'Ongeldige invoer; `errors` noemt elk veld.',
  '401': 'Niet aangemeld, of de sessie is verlopen (POST /auth/sign-in).',
  '403': 'Geen toestemming voor deze handeling, of het X-CSRF-Token ontbreekt of klopt niet.',
  '404': 'Niet gevonden.',
  '409': 'Conflict met de huidige stand.',
  '410': 'De persoonsgegevens van dit gezin zijn gewist; er kunnen geen nieuwe over worden vastgelegd.',
  '412': 'If-Match komt niet overeen met de huidige versie (ook bij een zwakke ETag W/"..."; If-Match vergelijkt sterk).',
  '413': 'De inhoud van het verzoek is groter dan 100 kB.',
  '415': 'Alleen JSON (Content-Type: application/json).',
  '422': 'De handeling past niet (regel van het domein).',
  '428': 'Idempotency-Key ontbreekt.',
  '429': 'Te veel verzoeken; wacht en probeer het opnieuw (RateLimit-headers).',
  '500': 'Fout aan onze kant; `errorId` noemt de fout voor wie contact opneemt.',
  '503': 'De leesmodellen halen het controlepunt niet op tijd in; probeer opnieuw (Retry-After).',
};

const apiVersionHeaders = { [apiVersionHeader]: { $ref: '#/components/headers/ApiVersion' } };

const problemResponse = (description: string) => ({
  description,
  headers: apiVersionHeaders,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const authorisationText = (authorisation: OpenApiAuthorisation): string => {
  switch (authorisation.kind) {
    case 'public':
      return `**Autorisatie:** openbaar, zonder aanmelding. ${authorisation.rule}`;
    case 'signed-in':
      return `**Autorisatie:** iedere aangemelde gebruiker. ${authorisation.rule}`;
    case 'roles':
      return `**Autorisatie:** rol ${authorisation.roles.map((role) => `\`${role}\``).join(', ')}. ${authorisation.rule}`;
    default: {
      const unreachable: never = authorisation;
      return unreachable;
    }
  }
};

export type OpenApiDocumentOptions = {
  title: string;
  version: string;
  description: string;
  contact: OpenApiDocument['info']['contact'];
  operations: readonly OpenApiOperation[];
};

export const buildOpenApiDocument = ({ title, version, description, contact, operations }: OpenApiDocumentOptions): OpenApiDocument => {
  const schemas: Record<string, JsonSchema> = { Problem: toJsonSchema(problemSchema, 'output') };
  const ref = (name: string, schema: z.ZodType, io: 'input' | 'output'): { $ref: string } => {
    schemas[name] ??= toJsonSchema(schema, io);
    return { $ref: `#/components/schemas/${name}` };
  };
  const paths: OpenApiDocument['paths'] = {};
  for (const operation of operations) {
    if (!operation.path.startsWith(`${apiBasePath}/`) && !isProbe(operation.path)) {
      throw new Error(`OpenAPI: ${operation.path} is neither under ${apiBasePath} nor a probe under /health`);
    }
    const path = openApiPath(operation.path);
    if (paths[path]?.[operation.method]) throw new Error(`OpenAPI: ${operation.method.toUpperCase()} ${operation.path} is listed twice`);
    const parameters: unknown[] = [...operation.path.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      description: pathParameterDescription(operation.path, name),
      schema: { type: 'string' },
    }));
    if (operation.query) {
      const query = toJsonSchema(operation.query, 'input');
      const required = new Set((query['required'] as string[] | undefined) ?? []);
      for (const [name, schema] of Object.entries((query['properties'] as Record<string, JsonSchema> | undefined) ?? {})) {
        const { description: parameterDescription, ...rest } = schema;
        parameters.push({
          name,
          in: 'query',
          required: required.has(name),
          schema: rest,
          ...(typeof parameterDescription === 'string' ? { description: parameterDescription } : {}),
        });
      }
    }
    const isPublic = operation.authorisation.kind === 'public';
    const needsCsrf = operation.method === 'post' && !operation.csrfExempt;
    if (needsCsrf) parameters.push({ $ref: '#/components/parameters/CsrfToken' });
    if (operation.command) {
      parameters.push({ $ref: '#/components/parameters/IdempotencyKey' }, { $ref: '#/components/parameters/IfMatch' });
    } else if (operation.idempotencyKey) {
      parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
    }

    const responses: Record<string, unknown> = {};
    const { response } = operation;
    const status = response.status ?? '200';
    responses[status] = {
      description: response.description,
      headers: {
        ...apiVersionHeaders,
        ...(operation.etag || operation.command ? { ETag: { $ref: '#/components/headers/ETag' } } : {}),
        ...(status === '302' ? { Location: { description: 'Waar de browser heen gaat.', schema: { type: 'string' } } } : {}),
        ...(status === '201'
          ? {
              Location: {
                description: 'Het adres van wat is aangemaakt (bij een casus: GET /cases/{caseId}).',
                schema: { type: 'string' },
              },
            }
          : {}),
      },
      ...(response.body === 'any-json'
        ? { content: { 'application/json': { schema: { type: 'object' } } } }
        : response.body
          ? { content: { 'application/json': { schema: ref(response.body.name, response.body.schema, 'output') } } }
          : {}),
    };
    for (const other of operation.alsoAnswers ?? []) {
      responses[other.status] = {
        description: other.description,
        headers: apiVersionHeaders,
        ...(other.body ? { content: { 'application/json': { schema: ref(other.body.name, other.body.schema, 'output') } } } : {}),
      };
    }
    if (operation.etag) responses['304'] = { description: 'Niet gewijzigd sinds de ETag in If-None-Match.', headers: apiVersionHeaders };

    const problems = new Map<ProblemStatus, string>();
    const hasInput = parameters.some((parameter) => (parameter as { in?: string }).in !== undefined) || operation.body !== undefined;
    if (hasInput) problems.set('400', problemDescriptions['400']);
    if (!isPublic) problems.set('401', problemDescriptions['401']);
    if (needsCsrf) problems.set('403', problemDescriptions['403']);
    if (operation.body) {
      problems.set('413', problemDescriptions['413']);
      problems.set('415', problemDescriptions['415']);
    }
    // The rate limit counts every request under the API's path (`harden`); the probes are outside it.
    if (!isProbe(operation.path)) problems.set('429', problemDescriptions['429']);
    problems.set('500', problemDescriptions['500']);
    for (const spec of operation.problems ?? []) {
      if (typeof spec === 'string') problems.set(spec, problems.get(spec) ?? problemDescriptions[spec]);
      else problems.set(spec.status, spec.description);
    }
    for (const [problemStatus, problemDescription] of [...problems].sort(([a], [b]) => a.localeCompare(b))) {
      responses[problemStatus] = problemResponse(problemDescription);
    }

    paths[path] ??= {};
    paths[path][operation.method] = {
      operationId: operation.operationId,
      summary: operation.summary,
      description: authorisationText(operation.authorisation),
      tags: [operation.tag],
      'x-ketenregie-authorisation': operation.authorisation,
      ...(isProbe(operation.path) ? { 'x-ketenregie-probe': true } : {}),
      ...(isPublic ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: ref(operation.body.name, operation.body.schema, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  for (const byMethod of Object.values(paths)) {
    const probe = Object.values(byMethod).some((operation) => (operation as { 'x-ketenregie-probe'?: boolean })['x-ketenregie-probe']);
    // The probes live at the root of the host, not under the API's base path.
    if (probe) byMethod['servers'] = [{ url: '/', description: 'De host zelf: de controles voor het platform staan buiten /api/v1.' }];
  }
  return {
    openapi: '3.1.0',
    info: { title, version, description, contact },
    servers: [{ url: apiBasePath, description: 'Deze host, versie 1 van de API.' }],
    paths,
    components: {
      schemas,
      parameters: {
        CsrfToken: {
          name: csrfHeader,
          in: 'header',
          required: true,
          description: 'Het `csrfToken` van de sessie (uit aanmelden of GET /auth/session); anders 403.',
          schema: { type: 'string' },
        },
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
          description:
            'De ETag ("<versie>") waarop de wijziging voortbouwt; bij een andere versie 412. Sterk vergeleken (RFC 9110): een zwakke ETag (W/"<versie>") komt nooit overeen.',
          schema: { type: 'string' },
        },
      },
      headers: {
        ETag: { description: 'Versie van de casus als "<versie>" (sterk); stuur terug in If-Match.', schema: { type: 'string' } },
        ApiVersion: {
          description: 'De volledige versie van de API (gelijk aan `info.version`).',
          schema: { type: 'string', example: '1.3.0' },
        },
      },
      securitySchemes: {
        // The session cookie from sign-in; state-changing requests also carry the session's X-CSRF-Token.
        session: { type: 'apiKey', in: 'cookie', name: sessionCookieName },
      },
    },
    security: [{ session: [] }],
  };
};
