export * from './host-config.repository';
export * from './job.repository';
export * from './event-log.repository';
