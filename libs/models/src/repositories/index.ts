export * from './host-config.repository';
export * from './job.repository';
