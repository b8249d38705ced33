import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { z } from 'zod';
import type { ZodType } from 'zod';
import { roleFor } from '@ketenregie/access-domain';
import type { Capability, OrganisationDirectory, Principal } from '@ketenregie/access-domain';
import { issueCode } from '@ketenregie/contracts';
import { principalFromRequest } from '@ketenregie/access-contracts';
import type { AccessActor } from './access-log-entry';

export type FieldError = { path: string; message: string; code?: string };

/** An RFC 9457 problem in the shape the app's global filter turns into problem+json. */
export const problem = (status: number, detail: string, options: { type?: string; errors?: FieldError[] } = {}): HttpException =>
  new HttpException(
    {
      type: options.type ?? 'about:blank',
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail,
      ...(options.errors ? { errors: options.errors } : {}),
    },
    status,
  );

const dutch = z.locales.nl();

const pathOf = (segments: readonly PropertyKey[]): string => segments.map(String).join('.');

/**
 * Parses request input; a failure is a 400 problem with one field path per error, an unknown
 * field named at its own path. `prefix` says where the input came from when not the query or body.
 */
export const parseInput = <Schema extends ZodType>(schema: Schema, input: unknown, prefix?: string): z.output<Schema> => {
  const result = schema.safeParse(input, { error: dutch.localeError });
  if (result.success) return result.data;
  const errors = result.error.issues.flatMap((issue): FieldError[] => {
    const base = prefix === undefined ? issue.path : [prefix, ...issue.path];
    return issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf([...base, key]), message: 'Dit veld is onbekend.', code: issue.code }))
      : [{ path: pathOf(base), message: issue.message, code: issueCode(issue) }];
  });
  throw problem(400, 'Niet alle velden zijn goed ingevuld.', { errors });
};

const refusals: Partial<Record<Capability, string>> = {
  'review-access-log': 'Alleen een privacyfunctionaris kan het toegangslog inzien.',
  'review-emergency-grants': 'Alleen een privacyfunctionaris kan noodtoegang beoordelen.',
};

export type Officer = { principal: Principal; actor: Required<AccessActor> };

/**
 * The signed-in user (401 otherwise) if the access policy gives them this capability (403
 * otherwise). The same 403 whatever the request names, so a refusal never tells whether a family
 * or grant exists.
 */
export const requireCapability = (request: object, capability: Capability, directory: OrganisationDirectory): Officer => {
  const principal = principalFromRequest(request);
  const role = roleFor(principal, capability, directory);
  if (role === undefined) {
    throw problem(403, refusals[capability] ?? 'U heeft geen toegang tot dit onderdeel.', {
      type: 'urn:ketenregie:problem:access.capability-required',
    });
  }
  return { principal, actor: { userId: principal.userId, organisationId: principal.organisationId, role } };
};

/** The response methods a controller needs here; Express's response fits. */
export type ResponseHeaders = { getHeader(name: string): unknown };

/** The request id the app's middleware put on the response, so log line and request log match. */
export const requestIdOf = (response: ResponseHeaders): string => {
  const header = response.getHeader('X-Request-Id');
  return typeof header === 'string' && header !== '' ? header : randomUUID();
};
