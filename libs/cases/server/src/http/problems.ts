import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import type { DomainError, DomainErrorCategory } from '@ketenregie/kernel';

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

const statusOfCategory: Record<DomainErrorCategory, number> = {
  validation: 422,
  rule: 422,
  forbidden: 403,
  'not-found': 404,
};

/** Problem type URI of a domain rule: the domain's stable `code`, so clients can match on it. */
export const domainProblemType = (code: string): string => `urn:ketenregie:problem:${code}`;

/** The domain's Dutch message is meant for the professional, so it becomes the detail as is. */
export const domainErrorProblem = (error: DomainError): HttpException => {
  const status = statusOfCategory[error.category];
  const errors = error.path === undefined ? undefined : [{ path: error.path, message: error.message, code: error.code }];
  return problem(status, error.message, { type: domainProblemType(error.code), ...(errors ? { errors } : {}) });
};
