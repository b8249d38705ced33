import { Query, QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Household } from '@ketenregie/cases-domain';
import type { SqlReadCompanion } from '@ketenregie/event-store';
import { exactLookupKeys } from '@ketenregie/cases-domain';
import type { CaseFilter } from '../../access/case-visibility';
import { CaseReadModel } from '../case-read-model';
import { rankFamilyCandidates } from './rank-family-candidates';

export type ExactFamilyMatch = { caseId: string; familyId: string; visible: boolean };

/**
 * Cases whose family exactly matches a household (same person by name and date of birth), among
 * all cases and without a cap: duplicate prevention must find the family whoever knows it. `visible` says whether the
 * user may see the case, so the caller names only those.
 */
export class FindExactFamilyMatches extends Query<ExactFamilyMatch[]> {
  /** `hits`: the cases a probe of the household's keys found just before (`CaseReadModel.exactFamilyHitsWith`). */
  constructor(
    readonly household: Household,
    readonly visible: CaseFilter,
    readonly hits?: readonly string[],
  ) {
    super();
  }
}

@QueryHandler(FindExactFamilyMatches)
export class FindExactFamilyMatchesHandler implements IQueryHandler<FindExactFamilyMatches, ExactFamilyMatch[]> {
  constructor(private readonly readModel: CaseReadModel) {}

  async execute({ household, visible, hits }: FindExactFamilyMatches): Promise<ExactFamilyMatch[]> {
    const keys = exactLookupKeys(household);
    if (keys.length === 0) return [];
    const rows = await this.readModel.exactFamilyCandidates(keys, { markVisible: visible, ...(hits ? { hits } : {}) });
    const visibleCases = new Set(rows.filter((row) => row.visible).map((row) => row.case_id));
    // Every case found, however many: a shared key is an exact match, and none may be hidden.
    return rankFamilyCandidates(household, rows, rows.length)
      .candidates.filter((candidate) => candidate.exact)
      .map((candidate) => ({ caseId: candidate.caseId, familyId: candidate.familyId, visible: visibleCases.has(candidate.caseId) }));
  }
}

export type ExactFamilyHits = { hits: string[]; companion: Record<string, unknown> | undefined };

/**
 * The first step of `FindExactFamilyMatches` alone (which cases hold one of the household's exact
 * keys, nothing shown), in the statement of `companion`, whose row it also answers: an intake
 * claims its Idempotency-Key with it and makes one round trip for both.
 */
export class ProbeExactFamilyHits extends Query<ExactFamilyHits> {
  constructor(
    readonly household: Household,
    readonly companion: SqlReadCompanion,
  ) {
    super();
  }
}

@QueryHandler(ProbeExactFamilyHits)
export class ProbeExactFamilyHitsHandler implements IQueryHandler<ProbeExactFamilyHits, ExactFamilyHits> {
  constructor(private readonly readModel: CaseReadModel) {}

  execute({ household, companion }: ProbeExactFamilyHits): Promise<ExactFamilyHits> {
    return this.readModel.exactFamilyHitsWith(exactLookupKeys(household), companion);
  }
}
