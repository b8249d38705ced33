import { Inject } from '@nestjs/common';
import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Principal } from '@ketenregie/access-domain';
import type { CaseText, CaseTexts } from '@ketenregie/contracts';
import type { EventStore } from '@ketenregie/event-store';
import { EVENT_STORE } from '@ketenregie/event-store';
import { ERASED_TEXT } from '@ketenregie/access-contracts';
import type { AccessContext } from '../../access/case-access.service';
import { CaseAccess } from '../../access/case-access.service';
import { caseStreamId } from '../../projections/case-events';
import { caseRelationColumns } from '../../projections/case-summaries';
import { CaseReadModel } from '../case-read-model';
import { readCaseInFull } from '../read-case-in-full';
import { ReadYourWrites } from '../read-side';
import { caseTextsOf } from './case-texts';

/**
 * The free texts of a case, for a user with the whole case (404 without a relation, as for an
 * unknown case; 403 with only a task in the plan). Read from the event store, whose personal fields
 * are decrypted on the way (an erased family's come back as erasure markers, and are not shown).
 * The read is in the access log before anything is returned.
 */
export class GetCaseTexts extends Query<CaseTexts> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly context: AccessContext,
    readonly now: Date,
  ) {
    super();
  }
}

const columns = [...new Set([...caseRelationColumns, 'family_label' as const])];

@QueryHandler(GetCaseTexts)
export class GetCaseTextsHandler implements IQueryHandler<GetCaseTexts, CaseTexts> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: CaseReadModel,
    private readonly access: CaseAccess,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ caseId, principal, context, now }: GetCaseTexts): Promise<CaseTexts> {
    const { row } = await readCaseInFull(
      { readModel: this.readModel, access: this.access, readYourWrites: this.readYourWrites },
      { caseId, principal, context, now },
      columns,
    );
    const recorded = await this.store.readStream(caseStreamId(caseId));
    const { items, erased } = caseTextsOf(recorded);
    const familyErased = erased || row.family_label === ERASED_TEXT;
    // Erasure seals every text of the family at once: an erased family has none left to show.
    const shown: CaseText[] = familyErased ? [] : items;
    return { caseId, version: recorded.at(-1)?.revision ?? row.version, erased: familyErased, items: shown };
  }
}
