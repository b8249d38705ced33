export * from './metadata';
export * from './decider';
export * from './domain-error';
export * from './calendar';
export * from './principal';
export * from './sql-transaction';
export * from './municipality';
export * from './mailbox-address';
