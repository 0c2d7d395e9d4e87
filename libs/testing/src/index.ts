export * from './fixtures';
export * from './database';
