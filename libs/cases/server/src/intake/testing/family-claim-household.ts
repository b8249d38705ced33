import type { Household } from '@ketenregie/cases-domain';

/** An invented household, named exactly (name and date of birth), so its identities can be claimed. */
export const claimTestHousehold: Household = {
  address: { houseNumber: '9', postcode: '4201CL', municipality: 'Gorinchem' },
  members: [{ memberId: 'member-1', role: 'child', name: { givenNames: 'Noor', familyName: 'Claimsma' }, dateOfBirth: '2016-04-05' }],
};
