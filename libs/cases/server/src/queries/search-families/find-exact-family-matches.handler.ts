import { Query, QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Household } from '@ketenregie/cases-domain';
import { exactMatchKeys } from '@ketenregie/cases-domain';
import type { CaseFilter } from '../../access/case-visibility';
import { CaseReadModel } from '../case-read-model';
import { rankFamilyCandidates } from './rank-family-candidates';

export type ExactFamilyMatch = { caseId: string; familyId: string; visible: boolean };

/**
 * Cases whose family exactly matches a household (same person by name and date of birth), among
 * all cases: duplicate prevention must find the family whoever knows it. `visible` says whether the
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
    const keys = exactMatchKeys(household);
    if (keys.length === 0) return [];
    const rows = await this.readModel.familyCandidates(keys, { markVisible: visible });
    const visibleCases = new Set(rows.filter((row) => row.visible).map((row) => row.case_id));
    return rankFamilyCandidates(household, rows, 50)
      .candidates.filter((candidate) => candidate.exact)
      .map((candidate) => ({ caseId: candidate.caseId, familyId: candidate.familyId, visible: visibleCases.has(candidate.caseId) }));
  }
}
