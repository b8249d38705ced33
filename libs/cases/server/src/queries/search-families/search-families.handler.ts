import { QueryHandler, Query } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Principal } from '@ketenregie/access-domain';
import type { FamilySearchQuery, FamilySearchResult } from '@ketenregie/contracts';
import { familyIdentityKeys, searchQueryTexts } from '@ketenregie/cases-domain';
import type { AccessContext } from '../../access/case-access.service';
import { CaseAccess, accessLogEntry } from '../../access/case-access.service';
import { CaseReadModel } from '../case-read-model';
import { rankFamilyCandidates, searchHousehold } from './rank-family-candidates';

/**
 * Search-before-create: known families this person or address could belong to, best first, among
 * the cases the user sees in full (filtered before the cap, so an unseen family neither shows nor
 * crowds out a visible one). Each family shown is logged as a search.
 */
export class SearchFamilies extends Query<FamilySearchResult> {
  constructor(
    readonly query: FamilySearchQuery,
    readonly principal: Principal,
    readonly context: AccessContext,
  ) {
    super();
  }
}

@QueryHandler(SearchFamilies)
export class SearchFamiliesHandler implements IQueryHandler<SearchFamilies, FamilySearchResult> {
  constructor(
    private readonly readModel: CaseReadModel,
    private readonly access: CaseAccess,
  ) {}

  async execute({ query, principal, context }: SearchFamilies): Promise<FamilySearchResult> {
    const granted = this.access.requireCapability(principal, 'search-families');
    const household = searchHousehold(query);
    // Blocking keys first (an indexed lookup, best cases first by name similarity), then the full
    // matcher on the few cases they find.
    const rows = await this.readModel.familyCandidates(familyIdentityKeys(household), {
      visible: this.access.visibleCases(principal),
      nameTexts: household.members.flatMap(searchQueryTexts),
    });
    const result = rankFamilyCandidates(household, rows, query.limit, query.receivedAt);
    await this.access.recordAll(
      result.candidates.map((candidate) =>
        accessLogEntry(principal, granted, { caseId: candidate.caseId, familyId: candidate.familyId }, 'search', context),
      ),
    );
    return result;
  }
}
