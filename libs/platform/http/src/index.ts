export * from './read-your-writes';
export * from './problems';
export * from './parse-input';
export * from './route';
export * from './served-routes';
export * from './answer-floor';
