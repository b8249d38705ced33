import { Controller, Get, Header } from '@nestjs/common';
import type { OpenApiDocument } from '@ketenregie/contracts';
import { buildApiOpenApi } from './cases-openapi';

/** Document version: bump when a published contract changes. */
export const apiDocumentVersion = '1.2.0';

@Controller('docs')
export class OpenApiController {
  // Built once: converting every schema on each request would be wasted work.
  private readonly document = buildApiOpenApi({ version: apiDocumentVersion });

  @Get()
  @Header('Cache-Control', 'no-cache')
  openApi(): OpenApiDocument {
    return this.document;
  }
}
