export * from './system-status';
export * from './problem';
