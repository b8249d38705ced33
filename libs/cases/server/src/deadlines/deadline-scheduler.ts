import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { CaseCommand } from '@ketenregie/cases-domain';
import { isDomainError, systemActor, toAmsterdamDate } from '@ketenregie/kernel';
import { ensureSchema } from '@ketenregie/platform-persistence';
import { CaseNotFound } from '../case-command/case-command-errors';
import { ExecuteCaseCommand } from '../case-command/case-command';
import { DEMO_REGION_LOCK } from './demo-region-lock';
import type { DeadlineKind, PendingDeadline } from './case-deadlines.projection';

export const DEADLINE_SCHEDULER_OPTIONS = 'ketenregie:cases:deadline-scheduler-options';

export type DeadlineSchedulerOptions = {
  /** How often to look for deadlines that passed; worklists show them within one interval. */
  intervalMs: number;
  /** Deadlines handled per scan; the rest follow in the next one. */
  batchSize?: number;
};

const SETTLED_TABLE = 'case_deadline_settled';

const commandFor = (deadline: PendingDeadline, metadata: CaseCommand['metadata']): CaseCommand => {
  const { caseId, itemId } = deadline;
  const commands: Record<DeadlineKind, () => CaseCommand> = {
    'assessment-overdue': () => ({ type: 'cases.mark-assessment-overdue', data: { caseId, assessmentId: itemId }, metadata }),
    'investigation-overdue': () => ({ type: 'cases.mark-investigation-overdue', data: { caseId, investigationId: itemId }, metadata }),
    'rappel-due': () => ({ type: 'cases.mark-rappel-due', data: { caseId, rappelId: itemId }, metadata }),
    'rappel-overdue': () => ({ type: 'cases.mark-rappel-overdue', data: { caseId, rappelId: itemId }, metadata }),
  };
  return commands[deadline.kind]();
};

/**
 * Turns passing time into events. Every API process runs it; exactly one event per deadline
 * results anyway, because the command id is derived from the deadline (a second process's append
 * conflicts, re-reads, finds that command already in the stream and stops) and the decider itself
 * records a mark only once. A restart simply scans again.
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeadlineScheduler');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly commandBus: CommandBus,
    private readonly dataSource: DataSource,
    @Inject(DEADLINE_SCHEDULER_OPTIONS) private readonly options: DeadlineSchedulerOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Deadlines whose command changed nothing (work done in time, or already marked) are
    // remembered so they are not tried again at every scan.
    await ensureSchema(this.dataSource, SETTLED_TABLE, [
      `create table if not exists ${SETTLED_TABLE} (command_id text primary key, settled_at timestamptz not null default now())`,
    ]);
    // The first scan waits one interval, like every later one: start-up work (migrations,
    // projection catch-up) goes first, and the worklists still show overdue work within a minute.
    this.schedule(this.options.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.scan()
        .then(() => undefined)
        .catch((error: unknown) => {
          this.logger.warn(`deadline scan failed: ${error instanceof Error ? error.name : 'error'}`);
        })
        .finally(() => this.schedule(this.options.intervalMs));
    }, delayMs);
  }

  /** One pass over every deadline that has passed by today (Europe/Amsterdam). */
  async scan(now = new Date()): Promise<number> {
    // A shared try-lock conflicts only with the demo loader's exclusive lock, and is released at
    // the end of this statement's own transaction.
    const [demo] = (await this.dataSource.query('select pg_try_advisory_xact_lock_shared(hashtext($1)) as free', [DEMO_REGION_LOCK])) as {
      free: boolean;
    }[];
    if (!demo.free) return 0;
    const today = toAmsterdamDate(now);
    const rows = (await this.dataSource.query(
      `select d.case_id as "caseId", d.kind, d.item_id as "itemId", to_char(d.fires_on, 'YYYY-MM-DD') as "firesOn"
         from case_deadlines d
        where d.fires_on <= $1::date
          and not exists (select 1 from ${SETTLED_TABLE} s
                           where s.command_id = 'deadline:' || d.kind || ':' || d.case_id || ':' || d.item_id
                                                || ':' || to_char(d.fires_on, 'YYYY-MM-DD'))
        order by d.fires_on
        limit $2`,
      [today, this.options.batchSize ?? 500],
    )) as PendingDeadline[];
    let recorded = 0;
    for (const deadline of rows) {
      if (this.stopped) break;
      // The day it fires is part of it: a rappel moved to another day is marked again on that day.
      const commandId = `deadline:${deadline.kind}:${deadline.caseId}:${deadline.itemId}:${deadline.firesOn}`;
      const metadata = { now, actor: systemActor('deadline-scheduler'), correlationId: randomUUID() };
      let outcome: { events: readonly string[]; replayed?: true };
      try {
        outcome = await this.commandBus.execute(
          new ExecuteCaseCommand({
            caseId: deadline.caseId,
            target: 'existing',
            commandId,
            command: commandFor(deadline, metadata),
            // The scheduler acts for no user: it reads no family's data and only marks what time did.
            caller: { kind: 'system' },
          }),
        );
      } catch (error) {
        // One deadline must not hold back the others. A case that is gone (erased) or a mark the
        // rules refuse will not change by trying again: settled. Anything else (the database) is
        // tried again at the next scan. Only the kind and the error's name are logged.
        const permanent = error instanceof CaseNotFound || isDomainError(error);
        this.logger.warn(
          `deadline ${deadline.kind} ${permanent ? 'cannot be marked and is settled' : 'failed, tried again next scan'}: ${error instanceof Error ? error.name : 'error'}`,
        );
        if (permanent) await this.settle(commandId);
        continue;
      }
      // Marked before (a replay): the deadline came back with a day it was already marked for, as
      // when a later report joins an overdue assessment. Left unsettled, it would be replayed at
      // every scan, and enough of them would fill each scan's batch and stop all other marks.
      if (outcome.events.length === 0 || outcome.replayed) {
        await this.settle(commandId);
      } else {
        recorded += outcome.events.length;
      }
    }
    return recorded;
  }

  private async settle(commandId: string): Promise<void> {
    await this.dataSource.query(`insert into ${SETTLED_TABLE} (command_id) values ($1) on conflict do nothing`, [commandId]);
  }
}
