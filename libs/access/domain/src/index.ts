// The roles and the principal are shared kernel (every context reads who is signed in); the
// access policy built on them lives here.
export type { Principal, Role } from '@ketenregie/kernel';
export { hasRole, isRole, roles } from '@ketenregie/kernel';
