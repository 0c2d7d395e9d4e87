/** Numeric choice values shared with Zabbix and the reference plugin. */
export const InterfaceType = { Any: 0, Agent: 1, Snmp: 2 } as const;
export type InterfaceTypeValue = (typeof InterfaceType)[keyof typeof InterfaceType];

export const MonitoredByValue = { ZabbixServer: 0, Proxy: 1, ProxyGroup: 2 } as const;
export type MonitoredByCode = (typeof MonitoredByValue)[keyof typeof MonitoredByValue];

export const HostStatus = { Enabled: 0, Disabled: 1 } as const;
export type HostStatusValue = (typeof HostStatus)[keyof typeof HostStatus];

export const NETBOX_HOST_OBJECT_TYPES = ['dcim.device', 'virtualization.virtualmachine'] as const;
export type NetboxHostObjectType = (typeof NETBOX_HOST_OBJECT_TYPES)[number];
