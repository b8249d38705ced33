import { HttpException, HttpStatus, Inject } from '@nestjs/common';
import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Principal } from '@ketenregie/access-domain';
import type { CaseDetail } from '@ketenregie/contracts';
import type { EventStore } from '@ketenregie/event-store';
import { EVENT_STORE } from '@ketenregie/event-store';
import type { CalendarDate } from '@ketenregie/kernel';
import type { AccessContext } from '../../access/case-access.service';
import { CaseAccess, accessLogEntry, caseNotFoundProblem } from '../../access/case-access.service';
import { caseRelationsOfRecord } from '../../access/case-relations';
import { caseStreamId, occurredAt, toCaseEvent } from '../../projections/case-events';
import type { FoldableEvent } from '../../projections/case-record';
import { foldCaseRecord } from '../../projections/case-record';
import { caseSummaryRow } from '../../projections/case-summaries';
import { endOfAmsterdamDay } from '../amsterdam-day';
import { caseDetail } from '../case-detail';

/**
 * The case as it was at the end of `asOf` (Europe/Amsterdam), replayed from the event store. Who
 * may see it is decided on the case's relations now, not then: a former director no longer has
 * the case, and a new one sees its history.
 */
export class GetCaseAsOf extends Query<CaseDetail> {
  constructor(
    readonly caseId: string,
    readonly asOf: CalendarDate,
    readonly principal: Principal,
    readonly context: AccessContext,
    readonly now: Date,
  ) {
    super();
  }
}

const notYetOpened = (): HttpException =>
  new HttpException(
    { type: 'about:blank', title: 'Not Found', status: HttpStatus.NOT_FOUND, detail: 'Deze casus bestond op die datum nog niet.' },
    HttpStatus.NOT_FOUND,
  );

@QueryHandler(GetCaseAsOf)
export class GetCaseAsOfHandler implements IQueryHandler<GetCaseAsOf, CaseDetail> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly access: CaseAccess,
  ) {}

  async execute({ caseId, asOf, principal, context, now }: GetCaseAsOf): Promise<CaseDetail> {
    // The stream, not the read model: the read model only knows the present.
    const recorded = await this.store.readStream(caseStreamId(caseId));
    const cutoff = endOfAmsterdamDay(asOf).getTime();
    const before: FoldableEvent[] = [];
    const after: FoldableEvent[] = [];
    for (const stored of recorded) {
      const event = toCaseEvent(stored);
      if (!event) continue;
      const at = occurredAt(event, stored);
      // A prefix, never a selection: evolve only accepts events in the order decide produced them.
      (after.length > 0 || at.getTime() >= cutoff ? after : before).push({ event, revision: stored.revision, occurredAt: at });
    }
    const then = foldCaseRecord(undefined, before);
    const current = foldCaseRecord(then, after);
    if (!current) throw caseNotFoundProblem();
    // Decided before anything about the past is said: "it did not exist yet" tells that it exists now.
    const decision = await this.access.decide(principal, caseRelationsOfRecord(current), now);
    const granted = this.access.requireFull(decision);
    if (!then) throw notYetOpened();
    await this.access.record(accessLogEntry(principal, granted, { caseId, familyId: then.state.familyId }, 'read', context));
    // The grant runs now, whatever day is looked at: the banner stays while the history is read.
    const emergency =
      decision.scope === 'full' && decision.relation === 'emergency'
        ? { grantId: decision.emergency.grantId, expiresAt: decision.emergency.expiresAt.toISOString() }
        : undefined;
    return caseDetail(caseSummaryRow(then), asOf, asOf, [], emergency);
  }
}
