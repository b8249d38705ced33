import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';

export type FieldError = { path: string; message: string; code?: string };

/**
 * An RFC 9457 problem as the app's global filter expects it. `type` names a stable problem kind
 * where clients must tell cases apart (e.g. which domain rule said no); otherwise `about:blank`.
 */
export const problem = (
  status: number,
  detail: string,
  options: { type?: string; errors?: FieldError[]; extensions?: Record<string, unknown> } = {},
): HttpException =>
  new HttpException(
    {
      type: options.type ?? 'about:blank',
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail,
      ...(options.errors ? { errors: options.errors } : {}),
      // RFC 9457 extension members: facts a client acts on without parsing the Dutch detail.
      ...(options.extensions ?? {}),
    },
    status,
  );
