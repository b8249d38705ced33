import { HttpException, HttpStatus } from '@nestjs/common';
import type { Principal } from '@ketenregie/kernel';

/**
 * The signed-in user travels on the request object: the access context's session middleware puts
 * it there, every other context reads it through these two functions and never sees cookies,
 * sessions or identity providers.
 */
const principalKey = Symbol.for('ketenregie.principal');

type WithPrincipal = { [principalKey]?: Principal };

export const attachPrincipal = (request: object, principal: Principal): void => {
  (request as WithPrincipal)[principalKey] = principal;
};

export const optionalPrincipal = (request: object): Principal | undefined => (request as WithPrincipal)[principalKey];

export const notSignedIn = (): HttpException =>
  new HttpException(
    {
      type: 'urn:ketenregie:problem:auth.not-signed-in',
      title: 'Unauthorized',
      status: HttpStatus.UNAUTHORIZED,
      detail: 'U bent niet aangemeld of uw sessie is verlopen. Meld u opnieuw aan.',
    },
    HttpStatus.UNAUTHORIZED,
  );

/** The signed-in user, or 401: there is no anonymous access to anything a context serves. */
export const principalFromRequest = (request: object): Principal => {
  const principal = optionalPrincipal(request);
  if (!principal) throw notSignedIn();
  return principal;
};
