import type { RowOf } from '@ketenregie/event-store';
import { column, readModelTable } from '@ketenregie/event-store';
import type { Address, HouseholdMember, OpenedCase, PersonName } from '@ketenregie/cases-domain';
import { exactLookupKeys, familyIdentityKeys, normalisePostcode, searchNameTexts } from '@ketenregie/cases-domain';
import { isErasedName } from '../erasure/erased-case';

/** What matching needs of one person, and no more: name, date of birth and where they live. */
export type IndexedMember = {
  role: HouseholdMember['role'];
  name: PersonName;
  dateOfBirth: string | null;
  address: Address;
  /** Further spellings the member is known under: search matches on each. */
  otherNames?: PersonName[];
};

export const FAMILY_INDEX_TABLE = 'family_index';

/** One row per household member: the blocking keys search looks candidates up by, and the member as matching reads it. */
export const familyIndex = readModelTable(
  FAMILY_INDEX_TABLE,
  {
    case_id: column.text(),
    member_id: column.text(),
    family_id: column.text(),
    date_of_birth: column.nullable(column.date()),
    postcode: column.text(),
    house_number: column.text(),
    member: column.jsonb<IndexedMember>(),
    keys: column.textArray(),
    /** The exact identity of each spelling (`exactLookupKeys`): the duplicate check's lookup, never capped. */
    identity_keys: column.textArray(),
    /** Each spelling normalised as "family given" (`searchNameTexts`): what search's trigram score compares. */
    names: column.textArray(),
  },
  {
    key: ['case_id', 'member_id'],
    // Without a pending list: every intake searches these keys while the projection keeps adding
    // rows, and a search reads the whole pending list (up to 4 MB) entry by entry, so it cost more
    // with every intake since the list was last merged (6 ms per intake at the end of a benchmark
    // run, 0.05 ms without). Each batch's insert merges its own keys instead.
    indexes: [
      'using gin (keys) with (fastupdate = off)',
      'using gin (identity_keys) with (fastupdate = off)',
      '(postcode, house_number)',
      '(family_id)',
    ],
  },
);

export type FamilyIndexRow = RowOf<typeof familyIndex.columns>;

/**
 * One row per household member; the keys are the blocking keys search looks candidates up by. An
 * erased member gets no row: search must neither find nor match on a placeholder.
 */
export const familyIndexRows = (state: OpenedCase): FamilyIndexRow[] =>
  state.household.members
    .filter((member) => !isErasedName(member.name))
    .map((member) => {
      const address = member.address ?? state.household.address;
      const keys = familyIdentityKeys({ members: [member], address: state.household.address });
      const identityKeys = exactLookupKeys({ members: [member] });
      return {
        case_id: state.caseId,
        member_id: member.memberId,
        family_id: state.familyId,
        date_of_birth: member.dateOfBirth,
        postcode: normalisePostcode(address.postcode) ?? address.postcode,
        house_number: address.houseNumber,
        member: {
          role: member.role,
          name: member.name,
          dateOfBirth: member.dateOfBirth,
          address,
          ...(member.otherNames?.length ? { otherNames: member.otherNames } : {}),
        },
        keys,
        identity_keys: identityKeys,
        names: searchNameTexts(member),
      };
    });
