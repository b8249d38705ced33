// Where the API lives and which version it is. The path carries only the major version (a client
// written for v1 keeps working across 1.x); every response says the full version in `API-Version`,
// the same value as the document's `info.version`.

export const apiBasePath = '/api/v1';

/** Semantic version of the published contract: bump the minor for an addition, the major (and the path) for a break. */
export const apiVersion = '1.3.0';

export const apiVersionHeader = 'API-Version';
