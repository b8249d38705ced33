import type { FamilySearchQuery, FamilySearchResult } from '@ketenregie/contracts';
import type { AddressKey, Household, KnownFamily } from '@ketenregie/cases-domain';
import { classifyByInvolvement, matchFamilies } from '@ketenregie/cases-domain';
import type { FamilyCandidateRow } from '../case-read-model';

export type SearchHousehold = Pick<Household, 'members'> & { address?: Household['address'] };

/** The search form as a one-person household, the shape `matchFamilies` and the blocking keys take. */
export const searchHousehold = (query: FamilySearchQuery): SearchHousehold => ({
  members:
    query.givenNames !== undefined && query.familyName !== undefined
      ? [
          {
            memberId: 'search',
            role: 'adult',
            name: {
              givenNames: query.givenNames,
              familyName: query.familyName,
              ...(query.prefix ? { prefix: query.prefix } : {}),
            },
            dateOfBirth: query.dateOfBirth ?? null,
          },
        ]
      : [],
  ...(query.postcode !== undefined && query.houseNumber !== undefined
    ? {
        address: {
          postcode: query.postcode,
          houseNumber: query.houseNumber,
          ...(query.houseNumberAddition ? { houseNumberAddition: query.houseNumberAddition } : {}),
          municipality: '',
        },
      }
    : {}),
});

type Candidate = FamilySearchResult['candidates'][number];

/** Scores the looked-up cases with the domain's matcher and shapes the best `limit` for the client. */
export const rankFamilyCandidates = (
  household: SearchHousehold,
  rows: readonly FamilyCandidateRow[],
  limit: number,
  receivedAt?: string,
): FamilySearchResult => {
  const byCase = new Map<string, FamilyCandidateRow[]>();
  for (const row of rows) byCase.set(row.case_id, [...(byCase.get(row.case_id) ?? []), row]);
  // Keyed by case: a family with two cases shows both, so the professional sees where to link.
  const known: KnownFamily[] = [...byCase.entries()].map(([caseId, members]) => {
    const addresses = new Map<string, AddressKey>();
    for (const { member } of members) {
      const { postcode, houseNumber, houseNumberAddition } = member.address;
      addresses.set(`${postcode}|${houseNumber}|${houseNumberAddition ?? ''}`, {
        postcode,
        houseNumber,
        ...(houseNumberAddition ? { houseNumberAddition } : {}),
      });
    }
    return {
      familyId: caseId,
      caseId,
      members: members.map(({ member }) => ({
        name: member.name,
        dateOfBirth: member.dateOfBirth,
        ...(member.otherNames ? { otherNames: member.otherNames } : {}),
      })),
      addresses: [...addresses.values()],
    };
  });
  const candidates: Candidate[] = matchFamilies(household, known)
    .slice(0, limit)
    .map((match) => {
      const members = byCase.get(match.familyId) ?? [];
      const first = members[0];
      return {
        caseId: match.familyId,
        familyId: first.family_id,
        familyLabel: first.family_label,
        municipality: first.municipality,
        status: first.status,
        director: first.director,
        score: match.score,
        exact: match.exact,
        reasons: match.reasons,
        classification: classifyByInvolvement({ vtInvolvement: first.vt_involvement, closedAt: first.last_closure?.closedAt }, receivedAt),
        matchedMembers: match.memberMatches.map((pair) => ({
          memberId: members[pair.knownIndex].member_id,
          role: members[pair.knownIndex].member.role,
          reason: pair.reason,
          score: pair.score,
        })),
      };
    });
  return { candidates };
};
