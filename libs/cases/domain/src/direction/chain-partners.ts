import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { optionalEmail, requireActive, requireSteering, requireText, validateOrganisation, validatePerson } from '../case.guards';
import type { CaseState } from '../case.state';
import type { ChainPartnerRole, ContactDetails, OrganisationRef, PersonRef } from '../case.types';

export type RegisterChainPartner = Command<
  'cases.register-chain-partner',
  {
    caseId: string;
    partnerId: string;
    organisation: OrganisationRef;
    contact?: PersonRef & ContactDetails;
    role: ChainPartnerRole;
    task: string;
  }
>;

export type EndChainPartnerInvolvement = Command<
  'cases.end-chain-partner-involvement',
  { caseId: string; partnerId: string; reason: string }
>;

const roles: readonly ChainPartnerRole[] = ['aid-provider', 'youth-protection', 'police', 'education', 'health', 'housing', 'other'];

export const decideRegisterChainPartner = (command: RegisterChainPartner, state: CaseState): CaseEvent[] => {
  const { data, metadata } = command;
  const opened = requireActive(state);
  const steered = requireSteering(metadata.actor, opened);
  const partnerId = requireText(data.partnerId, 'partnerId');
  if (opened.chainPartners.some((partner) => partner.partnerId === partnerId)) {
    throw caseErrors.idInUse('chain-partner', 'partnerId');
  }
  const organisation = validateOrganisation(data.organisation, 'organisation');
  if (!roles.includes(data.role)) throw caseErrors.required('role');
  const task = requireText(data.task, 'task');
  const email = optionalEmail(data.contact?.email, 'contact.email');
  const contact = data.contact
    ? {
        ...validatePerson(data.contact, 'contact'),
        ...(email ? { email } : {}),
        ...(data.contact.phone?.trim() ? { phone: data.contact.phone.trim() } : {}),
      }
    : undefined;
  return [
    {
      type: 'cases.chain-partner-registered',
      schemaVersion: 1,
      data: {
        partnerId,
        organisation,
        ...(contact ? { contact } : {}),
        role: data.role,
        task,
        registeredAt: metadata.now.toISOString(),
        ...steered,
      },
    },
  ];
};

export const decideEndChainPartnerInvolvement = (command: EndChainPartnerInvolvement, state: CaseState): CaseEvent[] => {
  const opened = requireActive(state);
  const steered = requireSteering(command.metadata.actor, opened);
  const partner = opened.chainPartners.find((candidate) => candidate.partnerId === command.data.partnerId);
  if (!partner) throw caseErrors.partnerNotFound();
  if (!partner.active) throw caseErrors.partnerEnded();
  const reason = requireText(command.data.reason, 'reason');
  return [
    {
      type: 'cases.chain-partner-involvement-ended',
      schemaVersion: 1,
      data: { partnerId: partner.partnerId, reason, endedAt: command.metadata.now.toISOString(), ...steered },
    },
  ];
};
