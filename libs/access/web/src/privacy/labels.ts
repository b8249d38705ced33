import type { AccessLogEntryView } from '@ketenregie/contracts';
import type { AccessWebMessageKey } from '../i18n/nl';
import { nl } from '../i18n/nl';
import { t } from '../i18n/t';

// The log stores code values (`read`, `wmo-2015-4.1.1`, `veilig-thuis-professional`); the officer
// reads Dutch words. A value the dictionary does not know yet (a newer server) shows as stored
// rather than as nothing.
const label = (key: string, fallback: string): string => (key in nl ? t(key as AccessWebMessageKey) : fallback);

export const actionLabel = (action: string): string => label(`action.${action}`, action);

export const legalBasisLabel = (basis: string): string => label(`basis.${basis}`, basis);

export const roleLabel = (role: string | null): string | undefined => (role ? label(`role.${role}`, role) : undefined);

/** A command that did not simply change something says so: "Gewijzigd (geweigerd)". */
export const handlingLabel = (entry: Pick<AccessLogEntryView, 'action' | 'outcome'>): string => {
  const action = actionLabel(entry.action);
  if (!entry.outcome || entry.outcome === 'changed') return action;
  return `${action} (${label(`log.outcome.${entry.outcome}`, entry.outcome)})`;
};

/**
 * "Vera Thuis · Veilig Thuis · vt-zhz": who (by name, or by account id when the account is gone),
 * in which role, for which organisation.
 */
export const actorLabel = (actor: { userId?: string; displayName?: string | null; organisationId: string; role: string | null }): string =>
  [actor.displayName ?? actor.userId, roleLabel(actor.role), actor.organisationId].filter(Boolean).join(' · ');
