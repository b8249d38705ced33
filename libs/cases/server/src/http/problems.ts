import type { HttpException } from '@nestjs/common';
import { problem } from '@ketenregie/platform-http';
import type { DomainError, DomainErrorCategory } from '@ketenregie/kernel';

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
