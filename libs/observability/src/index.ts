export * from './correlation-context';
export * from './bridge-logger';
export * from './log-level';
export * from './metrics-registry';
export * from './metrics.controller';
export * from './readiness-check';
export * from './health.controller';
export * from './observability.module';
