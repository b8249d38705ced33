import { Controller } from '@nestjs/common';
import { apiVersion } from '@ketenregie/contracts';
import type { OpenApiDocument } from '@ketenregie/contracts';
import { Route } from '@ketenregie/platform-http';
import { buildApiOpenApi } from './cases-openapi';
import { getOpenApiDocumentRoute } from './openapi.route';

/** The document's version is the API's own (`API-Version` on every response). */
export const apiDocumentVersion = apiVersion;

// At the standard place within the base path (`/api/v1/openapi.json`), so tools find it without
// being told; readable from any origin (see `harden`), without a session.
@Controller()
export class OpenApiController {
  // Built once: converting every schema on each request would be wasted work.
  private readonly document = buildApiOpenApi({ version: apiDocumentVersion });

  @Route(getOpenApiDocumentRoute)
  openApi(): OpenApiDocument {
    return this.document;
  }
}
