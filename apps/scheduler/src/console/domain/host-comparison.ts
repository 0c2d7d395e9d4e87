import { type ZabbixHost, type ZabbixHostInterface } from '@lib/clients';
import { HOST_IDENTITY_TAG, type DesiredHost, type DesiredInterface } from '@lib/contracts';

/**
 * One host side by side: what the bridge wants (the desired state) and what Zabbix has, field by field, as
 * lines of text. Secrets (PSK, SNMP community and passphrases) are never among the lines: only whether TLS
 * uses a PSK, and an SNMP interface's version and security level.
 */
export interface ComparedField {
  /** The writer's names for the parts of a host: `groups`, `templates`, `interfaces`, … */
  readonly field: string;
  readonly desired: readonly string[];
  /** null when Zabbix has no such host. */
  readonly zabbix: readonly string[] | null;
  /** null when it cannot be told from what Zabbix returns (a proxy whose id is unknown). */
  readonly same: boolean | null;
}

/** The ids Zabbix knows the desired host's proxy or proxy group by (null: not found in Zabbix). */
export interface ResolvedMonitoring {
  readonly proxyid?: string | null;
  readonly proxyGroupid?: string | null;
}

const STATUS = ['enabled (monitored)', 'disabled (not monitored)'] as const;
const INVENTORY_MODES: Readonly<Record<number, string>> = { [-1]: 'disabled', 0: 'manual', 1: 'automatic' };
const TLS: Readonly<Record<number, string>> = { 1: 'no encryption', 2: 'PSK', 4: 'certificate' };
const SNMP_LEVELS = ['noAuthNoPriv', 'authNoPriv', 'authPriv'] as const;
const INTERFACE_TYPES: Readonly<Record<number, string>> = { 1: 'agent', 2: 'snmp', 3: 'ipmi', 4: 'jmx' };

export function compareHost(
  hostKey: string,
  desired: DesiredHost,
  zabbix: ZabbixHost | null,
  monitoring: ResolvedMonitoring = {},
): ComparedField[] {
  const rows: ComparedField[] = [];
  const add = (
    field: string,
    wanted: readonly string[],
    actual: readonly string[] | null,
    same?: boolean | null,
  ): void => {
    rows.push({
      field,
      desired: wanted,
      zabbix: actual,
      same: actual === null ? false : same === undefined ? sameLines(wanted, actual) : same,
    });
  };
  const inventoryFields = Object.keys(desired.inventory).sort();
  add('host', [desired.host], zabbix && [zabbix.host]);
  add('name', [desired.name], zabbix && [zabbix.name]);
  add('status', [STATUS[desired.status]], zabbix && [STATUS[zabbix.status]]);
  add('description', [desired.description], zabbix && [zabbix.description]);
  add('groups', sorted(desired.groups), zabbix && sorted(zabbix.groups.map((group) => group.name)));
  add(
    'templates',
    sorted(desired.templates),
    zabbix && sorted(zabbix.templates.map((template) => template.name)),
  );
  add(
    'interfaces',
    sorted(desired.interfaces.map(desiredInterfaceLine)),
    zabbix && sorted(zabbix.interfaces.map(zabbixInterfaceLine)),
  );
  add(
    'tags',
    sorted(
      [...desired.tags, { tag: HOST_IDENTITY_TAG, value: hostKey }].map(
        ({ tag, value }) => `${tag}=${value}`,
      ),
    ),
    zabbix && sorted(zabbix.tags.map(({ tag, value }) => `${tag}=${value}`)),
  );
  add(
    'inventory',
    [
      `mode: ${INVENTORY_MODES[desired.inventoryMode] ?? desired.inventoryMode}`,
      ...inventoryFields.map((field) => `${field}: ${desired.inventory[field] ?? ''}`),
    ],
    zabbix && [
      `mode: ${INVENTORY_MODES[zabbix.inventoryMode] ?? zabbix.inventoryMode}`,
      ...inventoryFields.map((field) => `${field}: ${zabbix.inventory[field] ?? ''}`),
    ],
  );
  const wantedMonitoring = desiredMonitoringLine(desired);
  add(
    'monitoring',
    [wantedMonitoring],
    zabbix && [zabbixMonitoringLine(zabbix)],
    zabbix ? sameMonitoring(desired, zabbix, monitoring) : false,
  );
  add(
    'tls',
    [`connect: ${TLS[desired.tlsConnect] ?? desired.tlsConnect}`, `accept: ${acceptLine(desired.tlsAccept)}`],
    zabbix && [
      `connect: ${TLS[zabbix.tlsConnect] ?? zabbix.tlsConnect}`,
      `accept: ${acceptLine(zabbix.tlsAccept)}`,
    ],
  );
  return rows;
}

function desiredInterfaceLine(item: DesiredInterface): string {
  return interfaceLine(item.kind, item.main, item.useIp, item.ip, item.dns, String(item.port), item.snmp);
}

function zabbixInterfaceLine(item: ZabbixHostInterface): string {
  return interfaceLine(
    INTERFACE_TYPES[item.type] ?? String(item.type),
    item.main,
    item.useIp,
    item.ip,
    item.dns,
    item.port,
    item.snmp,
  );
}

function interfaceLine(
  kind: string,
  main: boolean,
  useIp: boolean,
  ip: string,
  dns: string,
  port: string,
  snmp: { readonly version: number; readonly securityLevel?: number } | undefined,
): string {
  const address = useIp ? ip : dns;
  const details = [main ? 'main' : 'secondary', useIp ? 'by IP' : 'by DNS'];
  if (snmp) {
    details.push(`SNMPv${snmp.version}`);
    if (snmp.version === 3)
      details.push(SNMP_LEVELS[snmp.securityLevel ?? 0] ?? `level ${snmp.securityLevel}`);
  }
  return `${kind} ${address}:${port} (${details.join(', ')})`;
}

function desiredMonitoringLine(desired: DesiredHost): string {
  switch (desired.monitoredBy) {
    case 'server':
      return 'server';
    case 'proxy':
      return `proxy ${desired.proxy ?? '?'}`;
    case 'proxy_group':
      return `proxy group ${desired.proxyGroup ?? '?'}`;
  }
}

function zabbixMonitoringLine(zabbix: ZabbixHost): string {
  const monitoring = zabbix.monitoring;
  switch (monitoring.monitoredBy) {
    case 'server':
      return 'server';
    case 'proxy':
      return `proxy #${monitoring.proxyid}`;
    case 'proxy_group':
      return `proxy group #${monitoring.proxyGroupid}`;
  }
}

function sameMonitoring(
  desired: DesiredHost,
  zabbix: ZabbixHost,
  resolved: ResolvedMonitoring,
): boolean | null {
  const actual = zabbix.monitoring;
  if (desired.monitoredBy !== actual.monitoredBy) return false;
  switch (actual.monitoredBy) {
    case 'server':
      return true;
    case 'proxy':
      return resolved.proxyid === undefined ? null : resolved.proxyid === actual.proxyid;
    case 'proxy_group':
      return resolved.proxyGroupid === undefined ? null : resolved.proxyGroupid === actual.proxyGroupid;
  }
}

function acceptLine(mask: number): string {
  return (
    [1, 2, 4]
      .filter((bit) => (mask & bit) !== 0)
      .map((bit) => TLS[bit])
      .join(', ') || String(mask)
  );
}

function sorted(lines: readonly string[]): string[] {
  return [...lines].sort();
}

function sameLines(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((line, index) => line === right[index]);
}
