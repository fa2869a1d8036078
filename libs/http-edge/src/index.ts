export * from './read-body';
