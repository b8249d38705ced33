export * from './system-status';
export * from './problem';
export * from './cases/queries';
export * from './cases/commands';
export * from './cases/organisations';
export * from './access';
export * from './system-openapi';
export * from './openapi/openapi-document';
