export * from './zabbix-test-connection';
export * from './zabbix-cleanup';
export * from './host-job.factory';
export * from './zabbix-fault-proxy';
