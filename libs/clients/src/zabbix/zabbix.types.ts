/**
 * Version-independent shapes of the Zabbix objects the bridge reads and writes. The dialect turns them into
 * the field names of the server's API version and parses responses (where every scalar is a string) back.
 */

/** Interface `type`: 1 agent, 2 SNMP, 3 IPMI, 4 JMX. */
export const ZabbixInterfaceType = { agent: 1, snmp: 2, ipmi: 3, jmx: 4 } as const;
export type ZabbixInterfaceTypeCode = (typeof ZabbixInterfaceType)[keyof typeof ZabbixInterfaceType];

export type ZabbixMonitoredBy = 'server' | 'proxy' | 'proxy_group';

/** Host status: 0 monitored, 1 not monitored. */
export type ZabbixHostStatus = 0 | 1;

/** Inventory mode: -1 disabled, 0 manual, 1 automatic. */
export type ZabbixInventoryMode = -1 | 0 | 1;

export interface ZabbixSnmpDetails {
  readonly version: 1 | 2 | 3;
  readonly bulk: 0 | 1;
  /** SNMPv1/v2c. */
  readonly community?: string;
  /** SNMPv2c/v3, sent from Zabbix 6.4 on. */
  readonly maxRepetitions?: number;
  readonly contextName?: string;
  readonly securityName?: string;
  /** 0 noAuthNoPriv, 1 authNoPriv, 2 authPriv. */
  readonly securityLevel?: number;
  readonly authProtocol?: number;
  readonly authPassphrase?: string;
  readonly privProtocol?: number;
  readonly privPassphrase?: string;
}

export interface ZabbixInterfaceInput {
  /** Kept from the existing interface on update, so items using it survive. */
  readonly interfaceid?: string;
  readonly type: ZabbixInterfaceTypeCode;
  readonly main: boolean;
  readonly useIp: boolean;
  readonly ip: string;
  readonly dns: string;
  readonly port: string;
  readonly snmp?: ZabbixSnmpDetails;
}

export interface ZabbixHostInterface extends ZabbixInterfaceInput {
  readonly interfaceid: string;
}

/** Who polls the host: the server itself, one proxy, or a proxy group (Zabbix 7.0+). */
export type ZabbixMonitoring =
  | { readonly monitoredBy: 'server' }
  | { readonly monitoredBy: 'proxy'; readonly proxyid: string }
  | { readonly monitoredBy: 'proxy_group'; readonly proxyGroupid: string };

export interface ZabbixTls {
  /** 1 no encryption, 2 PSK, 4 certificate. */
  readonly connect: number;
  /** Bit mask of 1, 2 and 4. */
  readonly accept: number;
  readonly pskIdentity?: string;
  /** Never logged, never put into an error message. */
  readonly psk?: string;
}

export interface ZabbixTag {
  readonly tag: string;
  readonly value: string;
}

export interface ZabbixHostGroup {
  readonly groupid: string;
  readonly name: string;
}

export interface ZabbixTemplate {
  readonly templateid: string;
  /** Technical name. */
  readonly host: string;
  /** Visible name. */
  readonly name: string;
}

export interface ZabbixLinkedTemplate {
  readonly templateid: string;
  readonly name: string;
}

export interface ZabbixProxy {
  readonly proxyid: string;
  readonly name: string;
}

export interface ZabbixProxyGroup {
  readonly proxyGroupid: string;
  readonly name: string;
}

/** A host as read back from host.get, with everything the writer compares. */
export interface ZabbixHost {
  readonly hostid: string;
  readonly host: string;
  readonly name: string;
  readonly status: ZabbixHostStatus;
  readonly description: string;
  readonly monitoring: ZabbixMonitoring;
  readonly tlsConnect: number;
  readonly tlsAccept: number;
  readonly inventoryMode: ZabbixInventoryMode;
  readonly inventory: Readonly<Record<string, string>>;
  readonly interfaces: readonly ZabbixHostInterface[];
  /** Templates linked directly to the host (`parentTemplates`). */
  readonly templates: readonly ZabbixLinkedTemplate[];
  readonly groups: readonly ZabbixHostGroup[];
  readonly tags: readonly ZabbixTag[];
}

/** Just the names of a host, for uniqueness checks. */
export interface ZabbixHostName {
  readonly hostid: string;
  readonly host: string;
  readonly name: string;
}

/** Everything host.create takes from the bridge. */
export interface ZabbixHostFields {
  readonly host: string;
  readonly name: string;
  readonly status: ZabbixHostStatus;
  readonly description: string;
  readonly groupids: readonly string[];
  readonly templateids: readonly string[];
  readonly interfaces: readonly ZabbixInterfaceInput[];
  readonly tags: readonly ZabbixTag[];
  readonly inventoryMode: ZabbixInventoryMode;
  readonly inventory: Readonly<Record<string, string>>;
  readonly monitoring: ZabbixMonitoring;
  readonly tls: ZabbixTls;
}

/**
 * host.update: only the fields given are changed. `groupids`, `templateids`, `interfaces` and `tags` replace
 * the host's lists; `templateidsToClear` unlinks templates and removes their items.
 */
export interface ZabbixHostUpdate extends Partial<ZabbixHostFields> {
  readonly hostid: string;
  readonly templateidsToClear?: readonly string[];
}

export interface ZabbixMaintenance {
  readonly maintenanceid: string;
  readonly name: string;
  readonly hostids: readonly string[];
  readonly groupids: readonly string[];
}

/** A maintenance with its time window and type, as the bridge's maintenance records need it. */
export interface ZabbixMaintenanceDetails extends ZabbixMaintenance {
  readonly description: string;
  /** Unix time (seconds) the maintenance window opens. */
  readonly activeSince: number;
  /** Unix time (seconds) it closes. */
  readonly activeTill: number;
  /** `maintenance_type` 0: data is still collected during the maintenance; 1: it is not. */
  readonly collectsData: boolean;
}

/**
 * A maintenance as the bridge writes it: one one-time period from `activeSince` to `activeTill` (Unix
 * seconds), on the given hosts.
 */
export interface ZabbixMaintenanceSpec {
  readonly name: string;
  readonly description: string;
  readonly activeSince: number;
  readonly activeTill: number;
  /** false: `maintenance_type` 1, no data collected during the maintenance. */
  readonly collectsData: boolean;
  readonly hostids: readonly string[];
}

/** A proxy group (Zabbix 7.0+) with its settings and the proxies in it. */
export interface ZabbixProxyGroupDetails extends ZabbixProxyGroup {
  readonly description: string;
  /** How long a proxy may be offline before its hosts move to another one (`1m`, or a user macro). */
  readonly failoverDelay: string;
  /** How many proxies must be online for the group to be online (`1`-`1000`, or a user macro). */
  readonly minOnline: string;
  readonly proxyids: readonly string[];
}
