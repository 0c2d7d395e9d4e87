export * from './load-config';
export * from './fragments';
export * from './api-tokens';
export * from './secret-box';
export * from './nats-auth';
