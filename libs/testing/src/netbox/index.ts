export * from './fake-netbox-tokens';
export * from './fake-netbox-store';
export * from './fake-netbox-server';
export * from './fake-netbox-change-log';
