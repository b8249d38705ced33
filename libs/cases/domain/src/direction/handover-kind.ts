import type { Director, HandoverKind } from '../case.types';

/** Afschalen is Veilig Thuis -> local team; opschalen the reverse; anything else is a transfer. */
export const handoverKind = (from: Director, to: Director): HandoverKind => {
  if (from.organisation.kind === 'veilig-thuis' && to.organisation.kind === 'local-team') return 'de-escalation';
  if (from.organisation.kind !== 'veilig-thuis' && to.organisation.kind === 'veilig-thuis') return 'escalation';
  return 'transfer';
};
