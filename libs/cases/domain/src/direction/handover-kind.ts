import type { HandoverKind, OrganisationRef } from '../case.types';

/** Afschalen is Veilig Thuis -> local team; opschalen the reverse; anything else is a transfer. */
export const handoverKind = (from: { organisation: OrganisationRef }, to: { organisation: OrganisationRef }): HandoverKind => {
  if (from.organisation.kind === 'veilig-thuis' && to.organisation.kind === 'local-team') return 'de-escalation';
  if (from.organisation.kind !== 'veilig-thuis' && to.organisation.kind === 'veilig-thuis') return 'escalation';
  return 'transfer';
};
