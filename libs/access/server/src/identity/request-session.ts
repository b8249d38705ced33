import type { Session } from './session-store';

// The session (with its CSRF token) travels on the request for the auth endpoints only; every
// other context reads just the principal, through @ketenregie/access-contracts.
const sessionKey = Symbol.for('ketenregie.session');

type WithSession = { [sessionKey]?: Session };

export const attachSession = (request: object, session: Session): void => {
  (request as WithSession)[sessionKey] = session;
};

export const sessionOfRequest = (request: object): Session | undefined => (request as WithSession)[sessionKey];
