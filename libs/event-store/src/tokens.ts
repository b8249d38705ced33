// Dependency-injection tokens under which an application provides the store and the projection
// runner; plain strings, so context server libraries can inject them without importing the app.
export const EVENT_STORE = 'ketenregie:event-store';
export const PROJECTION_RUNNER = 'ketenregie:projection-runner';
