import { HttpException, HttpStatus } from '@nestjs/common';
import type { Actor } from '@ketenregie/kernel';

/** The parts of an HTTP request the actor is read from (Express and Node requests both fit). */
export type RequestWithHeaders = {
  headers: Record<string, string | string[] | undefined>;
};

export const userIdHeader = 'X-User-Id';
export const organisationIdHeader = 'X-Organisation-Id';
export const userNameHeader = 'X-User-Name';

// Ids are opaque but bounded: an unbounded header would end up in every stored event's metadata.
const maxIdLength = 200;

const headerValue = (request: RequestWithHeaders, name: string): string | undefined => {
  const raw = request.headers[name.toLowerCase()];
  const value = Array.isArray(raw) ? raw[0] : raw;
  const trimmed = value?.trim();
  return trimmed && trimmed.length <= maxIdLength ? trimmed : undefined;
};

export const unauthenticated = (): HttpException =>
  new HttpException(
    {
      type: 'about:blank',
      title: 'Unauthorized',
      status: HttpStatus.UNAUTHORIZED,
      detail: `U bent niet aangemeld: de kopregels ${userIdHeader} en ${organisationIdHeader} ontbreken.`,
    },
    HttpStatus.UNAUTHORIZED,
  );

/**
 * The acting user. Until sign-in exists (issue 4) the user and organisation come from request
 * headers; without both there is no one to hold accountable for a change, so the request is 401.
 */
export const actorFromRequest = (request: RequestWithHeaders): Actor => {
  const userId = headerValue(request, userIdHeader);
  const organisationId = headerValue(request, organisationIdHeader);
  if (userId === undefined || organisationId === undefined) throw unauthenticated();
  return { userId, organisationId };
};

/** The display name the client sent, if any: used where the domain records a person's name. */
export const actorNameFromRequest = (request: RequestWithHeaders): string | undefined =>
  headerValue(request, userNameHeader);
