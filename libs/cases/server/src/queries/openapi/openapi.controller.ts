import { Controller, Get, Header } from '@nestjs/common';
import type { OpenApiDocument } from './cases-openapi';
import { buildCasesOpenApi } from './cases-openapi';

/** Document version: bump when a published contract changes. */
export const casesApiVersion = '1.1.0';

@Controller('docs')
export class OpenApiController {
  // Built once: converting every schema on each request would be wasted work.
  private readonly document = buildCasesOpenApi({ version: casesApiVersion });

  @Get()
  @Header('Cache-Control', 'no-cache')
  openApi(): OpenApiDocument {
    return this.document;
  }
}
