import type { Principal, Role } from '@ketenregie/kernel';
import type { CaseRelations } from '../case-relations';
import type { EmergencyGrant } from '../emergency-grant';
import { createOrganisationDirectory } from '../organisation-directory';

// Test data only: invented organisations and people. Two Veilig Thuis regions, so "outside the
// region" is a real case; a local team per municipality; partners, a school, a municipality.

export const directory = createOrganisationDirectory([
  { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis', municipalities: ['Gorinchem', 'Molenlanden'] },
  { organisationId: 'vt-utrecht', name: 'Veilig Thuis Utrecht', kind: 'veilig-thuis', municipalities: ['Utrecht'] },
  { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team', municipalities: ['Gorinchem'] },
  { organisationId: 'ts-molenlanden', name: 'Team Sociaal Molenlanden', kind: 'local-team', municipalities: ['Molenlanden'] },
  { organisationId: 'jeugdzorg', name: 'Jeugdzorg Zuid', kind: 'chain-partner', municipalities: [], legalBasis: 'jeugdwet' },
  { organisationId: 'ggz', name: 'GGZ Zuid', kind: 'chain-partner', municipalities: [] },
  { organisationId: 'politie', name: 'Politie Eenheid Rotterdam', kind: 'chain-partner', municipalities: [] },
  { organisationId: 'school', name: 'OBS De Linge', kind: 'referrer-organisation', municipalities: [] },
  { organisationId: 'gemeente-gorinchem', name: 'Gemeente Gorinchem', kind: 'municipality', municipalities: ['Gorinchem'] },
  { organisationId: 'operator', name: 'Beheer Ketenregie', kind: 'operator', municipalities: [] },
]);

export const principal = (userId: string, organisationId: string, ...roles: Role[]): Principal => ({
  userId,
  displayName: userId,
  organisationId,
  roles,
  authenticatedBy: 'local',
});

export const vtAnna = principal('vt-anna', 'vt-zhz', 'veilig-thuis-professional');
export const vtBram = principal('vt-bram', 'vt-zhz', 'veilig-thuis-professional');
export const vtUtrecht = principal('vt-ugo', 'vt-utrecht', 'veilig-thuis-professional');
export const tsCarla = principal('ts-carla', 'ts-gorinchem', 'team-sociaal-consultant');
export const tsCees = principal('ts-cees', 'ts-gorinchem', 'team-sociaal-consultant');
export const tsDaan = principal('ts-daan', 'ts-molenlanden', 'team-sociaal-consultant');
export const partnerJeugdzorg = principal('jz-jet', 'jeugdzorg', 'chain-partner');
export const partnerGgz = principal('ggz-gert', 'ggz', 'chain-partner');
export const referrerEls = principal('els', 'school', 'referrer');
export const referrerPolice = principal('agent-piet', 'politie', 'referrer');
export const analyst = principal('ana', 'gemeente-gorinchem', 'policy-analyst');
export const privacyOfficer = principal('pim', 'operator', 'privacy-officer');
export const administrator = principal('adam', 'operator', 'administrator');

/**
 * A case in Gorinchem directed by Carla of the local team, with Jeugdzorg owning a safety
 * condition, GGZ an aid agreement, a school teacher's report and a police report without a person.
 */
export const relations = (overrides: Partial<CaseRelations> = {}): CaseRelations => ({
  caseId: 'case-1',
  municipality: 'Gorinchem',
  closed: false,
  director: { personId: 'ts-carla', organisationId: 'ts-gorinchem' },
  pendingHandoverTo: null,
  chainPartners: [
    { partnerId: 'p-jz', organisationId: 'jeugdzorg', active: true },
    { partnerId: 'p-ggz', organisationId: 'ggz', active: true },
  ],
  tasks: [
    { kind: 'safety-condition', conditionId: 'sc-1', owner: { organisationId: 'jeugdzorg', personId: 'jz-jet' } },
    { kind: 'safety-condition', conditionId: 'sc-2', owner: { organisationId: 'ts-gorinchem' } },
    { kind: 'plan-agreement', part: 'aid', agreementId: 'ag-1', owner: { organisationId: 'ggz' } },
  ],
  referrers: [
    { reportId: 'r1', personId: 'els', organisationId: 'school' },
    { reportId: 'r2', organisationId: 'politie' },
  ],
  ...overrides,
});

export const now = new Date('2026-03-10T12:00:00Z');

export const grant = (overrides: Partial<EmergencyGrant> = {}): EmergencyGrant => ({
  grantId: 'g-1',
  userId: 'vt-ugo',
  organisationId: 'vt-utrecht',
  caseId: 'case-1',
  reason: 'Crisisdienst: kind opgenomen op de SEH, veiligheid thuis onbekend',
  grantedAt: new Date('2026-03-10T08:00:00Z'),
  expiresAt: new Date('2026-03-10T16:00:00Z'),
  ...overrides,
});
