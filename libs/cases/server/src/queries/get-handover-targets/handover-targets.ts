import { handoverTargetsFor, municipalityKey } from '@ketenregie/access-domain';
import type { CaseAccessDecision, OrganisationDirectory, Principal } from '@ketenregie/access-domain';
import type { HandoverTarget } from '@ketenregie/contracts';
import { caseDecider } from '@ketenregie/cases-domain';
import type { CaseCommand, OpenedCase } from '@ketenregie/cases-domain';
import { isDomainError } from '@ketenregie/kernel';
import { commandAccessOn } from '../../case-command/case-command-access.port';

// Stands in for what the user types: never stored, only decided on.
const sample = 'Proefbeslissing';
const sampleId = 'proefbeslissing';

const order: Record<HandoverTarget['kindOfHandover'], number> = { 'de-escalation': 0, transfer: 1, escalation: 2 };

/**
 * The organisations the user may offer this case to now: each organisation they may hand over to
 * at all (`handoverTargetsFor`, the rule the offer's route checks), kept only when the offer to
 * its team passes the access policy and the case's decider on the case's state, exactly as the
 * command would be decided, with stand-ins for what the user has yet to type. So a
 * Veilig Thuis that has not chosen a route sees no local team, and a local team sees Veilig Thuis
 * only where opschalen fits. The teams serving the family's municipality come first.
 */
export const handoverTargets = (
  state: OpenedCase,
  principal: Principal,
  access: CaseAccessDecision,
  directory: OrganisationDirectory,
  now: Date,
): HandoverTarget[] => {
  if (access.scope !== 'full') return [];
  const candidates = handoverTargetsFor(principal, directory);
  if (!candidates) return [];
  const family = municipalityKey(state.household.address.municipality);
  const targets: (HandoverTarget & { local: boolean })[] = [];
  for (const organisationId of candidates) {
    const organisation = directory.organisations.get(organisationId);
    if (!organisation || (organisation.kind !== 'veilig-thuis' && organisation.kind !== 'local-team')) continue;
    const command = {
      type: 'cases.offer-handover',
      data: {
        caseId: state.caseId,
        handoverId: sampleId,
        to: { organisation: { organisationId, name: organisation.name, kind: organisation.kind } },
        reason: sample,
        phase: state.phase,
      },
      metadata: { now, actor: { userId: principal.userId, organisationId: principal.organisationId }, correlationId: sampleId },
    } as const satisfies CaseCommand;
    if (!commandAccessOn(access, command).allowed) continue;
    let kindOfHandover: HandoverTarget['kindOfHandover'] | undefined;
    try {
      const offered = caseDecider.decide(command, state).find((event) => event.type === 'cases.handover-offered');
      kindOfHandover = offered?.type === 'cases.handover-offered' ? offered.data.kind : undefined;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      continue;
    }
    if (!kindOfHandover) continue;
    const local = organisation.municipalities.some((municipality) => municipalityKey(municipality) === family);
    targets.push({ organisationId, name: organisation.name, kind: organisation.kind, kindOfHandover, local });
  }
  return targets
    .sort(
      (a, b) =>
        order[a.kindOfHandover] - order[b.kindOfHandover] || Number(b.local) - Number(a.local) || a.name.localeCompare(b.name, 'nl'),
    )
    .map(({ local: _local, ...target }) => target);
};
