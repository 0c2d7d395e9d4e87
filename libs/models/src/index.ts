export * from './entities';
export * from './data-source';
export * from './snake-naming.strategy';
export * from './database-setup';
export { MIGRATIONS } from './migrations';
export * from './repositories';
export * from './secrets-at-rest';
