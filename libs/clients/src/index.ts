export * from './zabbix';
export * from './netbox';
