export * from './fixtures';
export * from './database';
export * from './nats/private-nats-server';
export * from './wait-for';
export * from './zabbix';
export * from './netbox';
export * from './secrets';
export * from './webhooks/bad-webhook-requests';
