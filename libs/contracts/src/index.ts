export * from './system-status';
export * from './problem';
export * from './text';
export * from './cases/queries';
export * from './cases/commands';
export * from './access';
export * from './system-openapi';
export * from './openapi/openapi-document';
