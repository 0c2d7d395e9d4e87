import { type ZabbixHostGroup } from './zabbix.types';

/** A template with the templates linked to it (its parents) and those its triggers depend on. */
export interface ZabbixCatalogTemplate {
  readonly templateid: string;
  /** Technical name. */
  readonly host: string;
  /** Visible name. */
  readonly name: string;
  readonly parentTemplateids: readonly string[];
  /** Templates holding triggers that a trigger of this template depends on (itself excluded). */
  readonly dependencyTemplateids: readonly string[];
}

export interface ZabbixCatalogProxy {
  readonly proxyid: string;
  readonly name: string;
  /** 7.0+: the proxy group it belongs to. */
  readonly proxyGroupid: string | null;
  readonly description: string;
  /** 0 active, 1 passive (7.0's `operating_mode`; 6.0's `status` 5/6). */
  readonly operatingMode: 0 | 1;
  /** Passive proxies: where the server connects to. */
  readonly address: string | null;
  readonly port: number | null;
  /** Active proxies: the addresses accepted from them. */
  readonly allowedAddresses: string | null;
  /** 7.0+: the address hosts in a proxy group use to reach this proxy. */
  readonly localAddress: string | null;
  readonly localPort: number | null;
  readonly tlsConnect: number;
  readonly tlsAccept: number;
  readonly tlsIssuer: string | null;
  readonly tlsSubject: string | null;
}

export interface ZabbixCatalogProxyGroup {
  readonly proxyGroupid: string;
  readonly name: string;
  readonly failoverDelay: string;
  readonly minOnline: number;
  readonly description: string;
}

/** What ImportZabbixSettings copies from Zabbix. */
export interface ZabbixCatalog {
  readonly version: string;
  readonly hostGroups: readonly ZabbixHostGroup[];
  readonly templates: readonly ZabbixCatalogTemplate[];
  readonly proxies: readonly ZabbixCatalogProxy[];
  /** Null before Zabbix 7.0, which has no proxy groups. */
  readonly proxyGroups: readonly ZabbixCatalogProxyGroup[] | null;
}
