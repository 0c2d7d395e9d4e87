export * from './host-config.repository';
export * from './job.repository';
export * from './event-log.repository';
export * from './system-job.repository';
export * from './zabbix-cache.repository';
export * from './maintenance.repository';
export * from './settings.repository';
export * from './mapping.repository';
