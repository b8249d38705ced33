import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireActive, requireSteering, requireText } from '../case.guards';
import type { CaseState, OpenedCase } from '../case.state';
import type { HouseholdMember } from '../case.types';

export type MergeMembers = Command<
  'cases.merge-members',
  { caseId: string; survivingMemberId: string; mergedMemberId: string; reason: string }
>;

export type RemoveMember = Command<'cases.remove-member', { caseId: string; memberId: string; reason: string }>;

const memberOf = (state: OpenedCase, memberId: string | undefined, path: string): HouseholdMember => {
  const member = state.household.members.find((candidate) => candidate.memberId === memberId);
  if (!member) throw caseErrors.memberNotFound(path);
  return member;
};

/**
 * The director's correction when two members are one person the intake could not recognise (a
 * typo without a date of birth, a nickname): the surviving member keeps the other's spellings, so
 * search still finds the person under each, and takes its date of birth when it had none. The
 * reason is part of the record: a merge changes who the case is about.
 */
export const decideMergeMembers = (command: MergeMembers, state: CaseState): CaseEvent[] => {
  const opened = requireActive(state);
  const steered = requireSteering(command.metadata.actor, opened);
  const surviving = memberOf(opened, command.data.survivingMemberId, 'survivingMemberId');
  const merged = memberOf(opened, command.data.mergedMemberId, 'mergedMemberId');
  if (surviving.memberId === merged.memberId) throw caseErrors.sameMember('mergedMemberId');
  const reason = requireText(command.data.reason, 'reason');
  return [
    {
      type: 'cases.members-merged',
      schemaVersion: 1,
      data: {
        survivingMemberId: surviving.memberId,
        mergedMemberId: merged.memberId,
        survivingName: surviving.name,
        mergedName: merged.name,
        reason,
        mergedAt: command.metadata.now.toISOString(),
        ...steered,
      },
    },
  ];
};

/**
 * The director's correction of a member entered by mistake (someone who is not of this family). The
 * reports that named the member stay as they were (invariant 3); only the household changes.
 */
export const decideRemoveMember = (command: RemoveMember, state: CaseState): CaseEvent[] => {
  const opened = requireActive(state);
  const steered = requireSteering(command.metadata.actor, opened);
  const member = memberOf(opened, command.data.memberId, 'memberId');
  if (opened.household.members.length === 1) throw caseErrors.lastMember();
  const reason = requireText(command.data.reason, 'reason');
  return [
    {
      type: 'cases.member-removed',
      schemaVersion: 1,
      data: {
        memberId: member.memberId,
        role: member.role,
        name: member.name,
        reason,
        removedAt: command.metadata.now.toISOString(),
        ...steered,
      },
    },
  ];
};
