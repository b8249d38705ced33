/**
 * Where the API lives: the app's global prefix. Routes are declared relative to it; the router,
 * `Location` headers and the OpenAPI paths of the declared routes all take it from here.
 */
export const API_PREFIX = '/api';
