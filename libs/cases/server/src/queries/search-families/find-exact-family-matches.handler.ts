import { Query, QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Household } from '@ketenregie/cases-domain';
import { exactMatchKeys } from '@ketenregie/cases-domain';
import { CaseReadModel } from '../case-read-model';
import { rankFamilyCandidates } from './rank-family-candidates';

/** Cases whose family exactly matches a household (same person by name and date of birth). */
export class FindExactFamilyMatches extends Query<string[]> {
  constructor(readonly household: Household) {
    super();
  }
}

@QueryHandler(FindExactFamilyMatches)
export class FindExactFamilyMatchesHandler implements IQueryHandler<FindExactFamilyMatches, string[]> {
  constructor(private readonly readModel: CaseReadModel) {}

  async execute({ household }: FindExactFamilyMatches): Promise<string[]> {
    const keys = exactMatchKeys(household);
    if (keys.length === 0) return [];
    const rows = await this.readModel.familyCandidates(keys);
    return rankFamilyCandidates(household, rows, 50)
      .candidates.filter((candidate) => candidate.exact)
      .map((candidate) => candidate.caseId);
  }
}
