import { Query, QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Household } from '@ketenregie/cases-domain';
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
  constructor(
    readonly household: Household,
    readonly visible: CaseFilter,
  ) {
    super();
  }
}

@QueryHandler(FindExactFamilyMatches)
export class FindExactFamilyMatchesHandler implements IQueryHandler<FindExactFamilyMatches, ExactFamilyMatch[]> {
  constructor(private readonly readModel: CaseReadModel) {}

  async execute({ household, visible }: FindExactFamilyMatches): Promise<ExactFamilyMatch[]> {
    const keys = exactLookupKeys(household);
    if (keys.length === 0) return [];
    const rows = await this.readModel.exactFamilyCandidates(keys, { markVisible: visible });
    const visibleCases = new Set(rows.filter((row) => row.visible).map((row) => row.case_id));
    // Every case found, however many: a shared key is an exact match, and none may be hidden.
    return rankFamilyCandidates(household, rows, rows.length)
      .candidates.filter((candidate) => candidate.exact)
      .map((candidate) => ({ caseId: candidate.caseId, familyId: candidate.familyId, visible: visibleCases.has(candidate.caseId) }));
  }
}
