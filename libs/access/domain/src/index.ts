// The roles and the principal are shared kernel (every context reads who is signed in); the
// access policy built on them lives here.
export type { Principal, Role } from '@ketenregie/kernel';
export { hasRole, isRole, roles } from '@ketenregie/kernel';
export * from './legal-basis';
export * from './organisation-directory';
export * from './case-relations';
export * from './case-access';
export * from './case-list-criteria';
export * from './emergency-grant';
export * from './emergency-access';
export * from './capabilities';
export * from './command-access';
export * from './people-directory';
