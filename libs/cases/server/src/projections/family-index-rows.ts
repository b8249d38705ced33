import type { Address, HouseholdMember, OpenedCase, PersonName } from '@ketenregie/cases-domain';
import { familyIdentityKeys, normalisePostcode } from '@ketenregie/cases-domain';
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

export type FamilyIndexRow = {
  case_id: string;
  member_id: string;
  family_id: string;
  date_of_birth: string | null;
  postcode: string;
  house_number: string;
  member: IndexedMember;
  keys: string[];
};

/**
 * One row per household member; the keys are the blocking keys search looks candidates up by. An
 * erased member gets no row: search must neither find nor match on a placeholder.
 */
export const familyIndexRows = (state: OpenedCase): FamilyIndexRow[] =>
  state.household.members.filter((member) => !isErasedName(member.name)).map((member) => {
    const address = member.address ?? state.household.address;
    const keys = familyIdentityKeys({ members: [member], address: state.household.address });
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
    };
  });
