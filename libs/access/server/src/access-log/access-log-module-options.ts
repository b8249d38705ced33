import type { OrganisationDirectory } from '@ketenregie/access-domain';
import type { GroupCommitOptions } from './group-commit-access-log';

export type AccessLogModuleOptions = {
  /** Who may review: the access policy decides from the user's roles at their organisation. */
  organisationDirectory: OrganisationDirectory;
  writer?: Partial<GroupCommitOptions>;
};

export const ACCESS_LOG_MODULE_OPTIONS = 'ketenregie:access-log-module-options';
