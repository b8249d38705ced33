import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { FamilySearchQuery, FamilySearchResult } from '@ketenregie/contracts';
import { familyIdentityKeys } from '@ketenregie/cases-domain';
import { CaseReadModel } from '../case-read-model';
import { rankFamilyCandidates, searchHousehold } from './rank-family-candidates';

/** Search-before-create: known families this person or address could belong to, best first. */
export class SearchFamilies extends Query<FamilySearchResult> {
  constructor(readonly query: FamilySearchQuery) {
    super();
  }
}

@QueryHandler(SearchFamilies)
export class SearchFamiliesHandler implements IQueryHandler<SearchFamilies, FamilySearchResult> {
  constructor(private readonly readModel: CaseReadModel) {}

  async execute({ query }: SearchFamilies): Promise<FamilySearchResult> {
    const household = searchHousehold(query);
    // Blocking keys first (an indexed lookup), then the full matcher on the few cases they find.
    const rows = await this.readModel.familyCandidates(familyIdentityKeys(household));
    return rankFamilyCandidates(household, rows, query.limit);
  }
}
