import type { Principal } from '@ketenregie/access-domain';
import type { PendingAccessEntry } from '@ketenregie/access-contracts';
import type { AccessContext, AccessSubject, CaseAccess, GrantedAccess } from '../access/case-access.service';
import { accessLogEntry } from '../access/case-access.service';
import type { AuthorizedChange } from './execute-case-command/execute-case-command';

/** What one command came to, as its access-log entry says (docs/adr/0004-access-log.md). */
export type CommandOutcome = 'changed' | 'unchanged' | 'refused' | 'conflict' | 'replayed' | 'failed';

type Decision = { granted: GrantedAccess; subject: AccessSubject; action: 'create' | 'update'; caseExists: boolean };

/**
 * The one access-log entry of one command, however often the command path decides it (a retry
 * after a concurrent write decides again on fresh state). Before the first append the entry is
 * written as `pending`, and the append waits for it (no change is stored without its entry); a
 * retry's append uses the same entry; the end of the command completes it with what happened.
 * A command that appends nothing gets its entry at its end, before the answer is sent, with the
 * outcome it came to (unchanged, refused, conflict, replayed), but only when the case exists and
 * the user was allowed to work on it: a refusal by the access policy read nothing of the family.
 */
export class CommandAccessLog {
  private latest: Decision | undefined;
  private pending: { entry: PendingAccessEntry; decision: Decision } | undefined;

  constructor(
    private readonly access: CaseAccess,
    private readonly principal: Principal,
    private readonly context: AccessContext,
    private readonly onCompletionFailed: (error: unknown) => void,
  ) {}

  /** The access a decision of the command was made under; its change is logged through the answer. */
  granted(granted: GrantedAccess, subject: AccessSubject, caseExists: boolean): AuthorizedChange {
    const decision: Decision = { granted, subject, action: caseExists ? 'update' : 'create', caseExists };
    this.latest = decision;
    return {
      logChange: async (action) => {
        if (this.pending) return;
        const entry = await this.access.recordPending(accessLogEntry(this.principal, granted, subject, action, this.context));
        this.pending = { entry, decision: { ...decision, action } };
      },
    };
  }

  /** The latest decision refused access: what the command came to is not this user's to know. */
  refused(): void {
    this.latest = undefined;
  }

  /**
   * Records what the command came to. A pending entry is completed without holding up the answer
   * (the change is stored and its entry is there; a lost completion leaves it `pending`, which
   * says exactly that). An entry written now is awaited: the answer tells something about the
   * case, so it waits for its entry, and fails (503) without it.
   */
  async settle(outcome: CommandOutcome): Promise<void> {
    if (this.pending) {
      const { entry } = this.pending;
      this.pending = undefined;
      entry.complete(outcome).catch(this.onCompletionFailed);
      return;
    }
    const decision = this.latest;
    if (!decision?.caseExists) return;
    await this.access.record({ ...accessLogEntry(this.principal, decision.granted, decision.subject, decision.action, this.context), outcome });
  }
}
