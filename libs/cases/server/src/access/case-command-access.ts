import { caseCommandAccess } from '@ketenregie/access-domain';
import type { CaseCommandAccess, CaseCommandName } from '@ketenregie/access-domain';
import type { CaseCommandType, TimeDrivenCaseCommand } from '@ketenregie/cases-domain';

// The access table lives in the access domain, keyed by wire name; these checks make a new case
// command that lacks an access rule (or a rule for a command that is gone) a compile error.
type Missing = Exclude<CaseCommandType, CaseCommandName>;
type Unknown = Exclude<CaseCommandName, CaseCommandType>;
export const _everyCaseCommandHasAnAccessRule: [Missing, Unknown] extends [never, never] ? true : never = true;

type SystemCommand = { [K in CaseCommandName]: (typeof caseCommandAccess)[K] extends { requires: 'system' } ? K : never }[CaseCommandName];
type TimeDriven = TimeDrivenCaseCommand['type'];
/** Exactly the scheduler's commands are closed to users. */
export const _systemCommandsAreTheTimeDrivenOnes: [Exclude<TimeDriven, SystemCommand>, Exclude<SystemCommand, TimeDriven>] extends [
  never,
  never,
]
  ? true
  : never = true;

export const accessRuleFor = (type: CaseCommandType): CaseCommandAccess => caseCommandAccess[type];
