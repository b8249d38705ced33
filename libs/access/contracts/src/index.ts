// What the access context publishes to the others: the principal on the request, the ports of the
// access log and of emergency grants, and the rules for personal data and its erasure.
export * from './principal';
export * from './access-log-port';
export * from './emergency-grants';
export * from './access-tokens';
export * from './personal-data';
