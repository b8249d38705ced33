/**
 * Query keys of the referrer portal, one tree so a signal (or a new portal session) can refresh
 * everything the portal shows by prefix.
 */
export const portalKeys = {
  all: ['referrer-portal'] as const,
  reports: () => [...portalKeys.all, 'reports'] as const,
  report: (reportId: string) => [...portalKeys.all, 'report', reportId] as const,
};
