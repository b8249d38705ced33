import type { EmergencyGrant, NewEmergencyGrant } from '@ketenregie/access-domain';
import type { AccessLogRecord } from './access-log-port';

/**
 * The `OrganisationDirectory` of the deployment: which organisation is a Veilig Thuis region (and
 * for which municipalities), a local team, a partner. The app provides it globally, built from
 * `ORGANISATIONS_FILE` and, with the demo region on, the demo organisations.
 */
export const ORGANISATION_DIRECTORY = 'ketenregie:organisation-directory';

/** The region's `EmergencyAccessPolicy` (grant duration, minimum reason), checked at start-up. */
export const EMERGENCY_ACCESS_POLICY = 'ketenregie:emergency-access-policy';

/**
 * Records a break-the-glass grant together with its access log entry, in one transaction: there is
 * never a grant without its entry, nor an entry for a grant that was not made. Implemented by the
 * app over the access context's grant store and access log, which other contexts cannot import.
 */
export type EmergencyGrantRecorder = {
  record(grant: NewEmergencyGrant, entry: AccessLogRecord): Promise<EmergencyGrant>;
};

export const EMERGENCY_GRANT_RECORDER = 'ketenregie:emergency-grant-recorder';

/**
 * The `PeopleDirectory` (`@ketenregie/access-domain`) over the deployment's accounts: who works at
 * which organisation, by display name and role. The app implements it over the access context's
 * account store, which other contexts cannot import.
 */
export const PEOPLE_DIRECTORY = 'ketenregie:people-directory';

export type { DirectoryPerson, PeopleDirectory } from '@ketenregie/access-domain';
