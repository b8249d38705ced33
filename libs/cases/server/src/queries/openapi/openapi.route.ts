import { queryRoute } from '@ketenregie/platform-http';

/** The API's own description, at the standard place within the base path, for anyone. */
export const getOpenApiDocumentRoute = queryRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  summary: 'Dit OpenAPI-document',
  tag: 'Documentatie',
  authorisation: { kind: 'public', rule: 'Beschrijft de API, geen gegevens; vanaf elke herkomst te lezen (CORS).' },
  response: { body: 'any-json', description: 'Het OpenAPI-document.' },
  // Not personal: a client may keep it, asking again each time whether it changed.
  cacheControl: 'no-cache',
});
