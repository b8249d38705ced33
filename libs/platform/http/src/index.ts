export * from './read-your-writes';
