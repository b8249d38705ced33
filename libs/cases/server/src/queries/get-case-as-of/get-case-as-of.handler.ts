import { Inject } from '@nestjs/common';
import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { CaseDetail } from '@ketenregie/contracts';
import type { EventStore } from '@ketenregie/event-store';
import { EVENT_STORE } from '@ketenregie/event-store';
import type { CalendarDate } from '@ketenregie/kernel';
import { caseStreamId, occurredAt, toCaseEvent } from '../../projections/case-events';
import type { FoldableEvent } from '../../projections/case-record';
import { foldCaseRecord } from '../../projections/case-record';
import { endOfAmsterdamDay } from '../amsterdam-day';
import { caseDetail } from '../case-detail';

export type CaseAsOfResult = { kind: 'found'; detail: CaseDetail } | { kind: 'unknown-case' } | { kind: 'not-yet-opened' };

/** The case as it was at the end of `asOf` (Europe/Amsterdam), replayed from the event store. */
export class GetCaseAsOf extends Query<CaseAsOfResult> {
  constructor(
    readonly caseId: string,
    readonly asOf: CalendarDate,
  ) {
    super();
  }
}

@QueryHandler(GetCaseAsOf)
export class GetCaseAsOfHandler implements IQueryHandler<GetCaseAsOf, CaseAsOfResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ caseId, asOf }: GetCaseAsOf): Promise<CaseAsOfResult> {
    // The stream, not the read model: the read model only knows the present.
    const recorded = await this.store.readStream(caseStreamId(caseId));
    if (recorded.length === 0) return { kind: 'unknown-case' };
    const cutoff = endOfAmsterdamDay(asOf).getTime();
    const events: FoldableEvent[] = [];
    for (const stored of recorded) {
      const event = toCaseEvent(stored);
      if (!event) continue;
      const at = occurredAt(event, stored);
      // A prefix, never a selection: evolve only accepts events in the order decide produced them.
      if (at.getTime() >= cutoff) break;
      events.push({ event, revision: stored.revision, occurredAt: at });
    }
    const record = foldCaseRecord(undefined, events);
    if (!record) return { kind: 'not-yet-opened' };
    return { kind: 'found', detail: caseDetail(record, asOf, asOf) };
  }
}
