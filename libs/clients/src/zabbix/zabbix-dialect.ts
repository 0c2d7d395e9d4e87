import { PermanentError } from '@lib/contracts';
import {
  isRecord,
  readInteger,
  readOptionalInteger,
  readOptionalString,
  readRecord,
  readRecords,
  readRelated,
  readString,
  type JsonRecord,
} from './zabbix-response-readers';
import { ZabbixResponseShapeError } from './zabbix-response-shape.error';
import { ZabbixUnsupportedFeatureError } from './zabbix-unsupported-feature.error';
import { type ZabbixVersion } from './zabbix-version';
import {
  ZabbixInterfaceType,
  type ZabbixHost,
  type ZabbixHostFields,
  type ZabbixHostGroup,
  type ZabbixHostInterface,
  type ZabbixHostName,
  type ZabbixHostUpdate,
  type ZabbixInterfaceInput,
  type ZabbixInterfaceTypeCode,
  type ZabbixInventoryMode,
  type ZabbixMaintenance,
  type ZabbixMaintenanceDetails,
  type ZabbixMaintenanceSpec,
  type ZabbixMonitoring,
  type ZabbixProxy,
  type ZabbixProxyGroup,
  type ZabbixProxyGroupDetails,
  type ZabbixSnmpDetails,
  type ZabbixTag,
  type ZabbixTemplate,
  type ZabbixTls,
} from './zabbix.types';

/** Where the session or API token goes: the body `auth` field (< 6.4) or `Authorization: Bearer` (6.4+). */
export type AuthPlacement = 'body' | 'header';

/**
 * Host selection for host.get: by ids, by technical names (exact match), by one tag value, or by any of
 * several tags (`anyTag`: OR of exact matches, one call for a batch of identities).
 */
export type HostSelector =
  | { readonly hostids: readonly string[] }
  | { readonly hosts: readonly string[] }
  | { readonly tag: ZabbixTag }
  | { readonly anyTag: readonly ZabbixTag[] };

const TLS_PSK = 2;
const HOST_OUTPUT_COMMON = [
  'hostid',
  'host',
  'name',
  'status',
  'description',
  'tls_connect',
  'tls_accept',
  'inventory_mode',
];
const INTERFACE_OUTPUT = ['interfaceid', 'type', 'main', 'useip', 'ip', 'dns', 'port', 'details'];
const INVENTORY_META_FIELDS = new Set(['hostid', 'inventory_mode']);

/** Maintenance selection for maintenance.get: by ids, or by names (exact match). */
export type MaintenanceSelector =
  { readonly maintenanceids: readonly string[] } | { readonly names: readonly string[] };

/** Proxy group selection for proxygroup.get: by ids, or by names (exact match). */
export type ProxyGroupSelector =
  { readonly proxyGroupids: readonly string[] } | { readonly names: readonly string[] };

/**
 * Everything that differs between Zabbix API versions, as pure functions of the version: request params for
 * each call the bridge makes, and the parsing of what comes back. Zabbix 6.0 silently ignores parameters it
 * does not know, so a wrong field name here "succeeds" and changes nothing: each rule is unit-tested per
 * version and read back from the real server in the integration tests.
 *
 * - 6.0: `proxy_hostid`; `selectGroups`; proxy name in `host`; body `auth`; no `max_repetitions`.
 * - 6.2: `selectHostGroups` (result `hostgroups`).
 * - 6.4: `Authorization: Bearer`; SNMP `max_repetitions`.
 * - 7.0: `monitored_by` + `proxyid` + `proxy_groupid`; proxy groups; proxy name in `name`.
 * - 7.2: no body `auth`, no `selectGroups`, no maintenance `hostids`/`groupids` (`hosts`/`groups` work everywhere).
 */
export class ZabbixDialect {
  constructor(readonly version: ZabbixVersion) {}

  get authPlacement(): AuthPlacement {
    return this.version.isAtLeast(6, 4) ? 'header' : 'body';
  }

  get usesMonitoredBy(): boolean {
    return this.version.isAtLeast(7, 0);
  }

  get supportsProxyGroups(): boolean {
    return this.version.isAtLeast(7, 0);
  }

  get sendsMaxRepetitions(): boolean {
    return this.version.isAtLeast(6, 4);
  }

  /** The host.get / maintenance.get parameter that returns host groups. */
  get hostGroupsSelect(): 'selectGroups' | 'selectHostGroups' {
    return this.version.isAtLeast(6, 2) ? 'selectHostGroups' : 'selectGroups';
  }

  /** The result property that parameter fills. */
  get hostGroupsProperty(): 'groups' | 'hostgroups' {
    return this.version.isAtLeast(6, 2) ? 'hostgroups' : 'groups';
  }

  get proxyNameField(): 'host' | 'name' {
    return this.version.isAtLeast(7, 0) ? 'name' : 'host';
  }

  // ---------------------------------------------------------------------------------------------------------
  // authentication

  /** user.login takes `username` from 5.4 on (`user` before). */
  loginParams(username: string, password: string): JsonRecord {
    return this.version.isAtLeast(5, 4) ? { username, password } : { user: username, password };
  }

  // ---------------------------------------------------------------------------------------------------------
  // hosts

  hostGetParams(selector: HostSelector): JsonRecord {
    return {
      output: [...HOST_OUTPUT_COMMON, ...this.hostMonitoringOutput()],
      ...hostSelection(selector),
      selectInterfaces: INTERFACE_OUTPUT,
      selectParentTemplates: ['templateid', 'name'],
      [this.hostGroupsSelect]: ['groupid', 'name'],
      selectTags: ['tag', 'value'],
      selectInventory: 'extend',
    };
  }

  /** Hosts whose technical or visible name starts with the given prefixes (case-insensitive LIKE). */
  hostNamesStartingWithParams(prefixes: { readonly host: string; readonly name: string }): JsonRecord {
    return {
      output: ['hostid', 'host', 'name'],
      search: { host: prefixes.host, name: prefixes.name },
      searchByAny: true,
      startSearch: true,
    };
  }

  hostCreateParams(fields: ZabbixHostFields): JsonRecord {
    return {
      host: fields.host,
      name: fields.name,
      status: fields.status,
      description: fields.description,
      groups: fields.groupids.map((groupid) => ({ groupid })),
      templates: fields.templateids.map((templateid) => ({ templateid })),
      interfaces: fields.interfaces.map((input) => this.interfaceParams(input)),
      tags: fields.tags.map(({ tag, value }) => ({ tag, value })),
      ...this.inventoryParams(fields.inventoryMode, fields.inventory),
      ...this.monitoringParams(fields.monitoring),
      ...this.tlsParams(fields.tls),
    };
  }

  hostUpdateParams(update: ZabbixHostUpdate): JsonRecord {
    const params: JsonRecord = { hostid: update.hostid };
    if (update.host !== undefined) params.host = update.host;
    if (update.name !== undefined) params.name = update.name;
    if (update.status !== undefined) params.status = update.status;
    if (update.description !== undefined) params.description = update.description;
    if (update.groupids !== undefined) params.groups = update.groupids.map((groupid) => ({ groupid }));
    if (update.templateids !== undefined) {
      params.templates = update.templateids.map((templateid) => ({ templateid }));
    }
    if (update.templateidsToClear !== undefined && update.templateidsToClear.length > 0) {
      params.templates_clear = update.templateidsToClear.map((templateid) => ({ templateid }));
    }
    if (update.interfaces !== undefined) {
      params.interfaces = update.interfaces.map((input) => this.interfaceParams(input));
    }
    if (update.tags !== undefined) params.tags = update.tags.map(({ tag, value }) => ({ tag, value }));
    if (update.inventoryMode !== undefined) {
      Object.assign(params, this.inventoryParams(update.inventoryMode, update.inventory ?? {}));
    } else if (update.inventory !== undefined) {
      params.inventory = { ...update.inventory };
    }
    if (update.monitoring !== undefined) Object.assign(params, this.monitoringParams(update.monitoring));
    if (update.tls !== undefined) Object.assign(params, this.tlsParams(update.tls));
    return params;
  }

  /** How the host is polled: `proxy_hostid` up to 6.4, `monitored_by` + `proxyid` + `proxy_groupid` from 7.0. */
  monitoringParams(monitoring: ZabbixMonitoring): JsonRecord {
    if (!this.usesMonitoredBy) {
      switch (monitoring.monitoredBy) {
        case 'server':
          return { proxy_hostid: '0' };
        case 'proxy':
          return { proxy_hostid: monitoring.proxyid };
        case 'proxy_group':
          throw this.proxyGroupsUnsupported();
      }
    }
    switch (monitoring.monitoredBy) {
      case 'server':
        return { monitored_by: 0, proxyid: '0', proxy_groupid: '0' };
      case 'proxy':
        return { monitored_by: 1, proxyid: monitoring.proxyid, proxy_groupid: '0' };
      case 'proxy_group':
        return { monitored_by: 2, proxyid: '0', proxy_groupid: monitoring.proxyGroupid };
    }
  }

  interfaceParams(input: ZabbixInterfaceInput): JsonRecord {
    const params: JsonRecord = {
      ...(input.interfaceid !== undefined ? { interfaceid: input.interfaceid } : {}),
      type: input.type,
      main: input.main ? 1 : 0,
      useip: input.useIp ? 1 : 0,
      ip: input.ip,
      dns: input.dns,
      port: input.port,
    };
    if (input.type === ZabbixInterfaceType.snmp) {
      if (input.snmp === undefined) {
        throw new PermanentError('an SNMP interface needs SNMP details');
      }
      params.details = this.snmpDetailsParams(input.snmp);
    }
    return params;
  }

  /** Only the fields of the SNMP version in use; `max_repetitions` from 6.4 (v2c/v3). */
  snmpDetailsParams(snmp: ZabbixSnmpDetails): JsonRecord {
    const details: JsonRecord = { version: snmp.version, bulk: snmp.bulk };
    if (snmp.version === 1 || snmp.version === 2) {
      details.community = snmp.community ?? '';
    } else {
      const securityLevel = snmp.securityLevel ?? 0;
      details.securityname = snmp.securityName ?? '';
      details.securitylevel = securityLevel;
      details.contextname = snmp.contextName ?? '';
      if (securityLevel >= 1) {
        details.authprotocol = snmp.authProtocol ?? 0;
        details.authpassphrase = snmp.authPassphrase ?? '';
      }
      if (securityLevel >= 2) {
        details.privprotocol = snmp.privProtocol ?? 0;
        details.privpassphrase = snmp.privPassphrase ?? '';
      }
    }
    if (this.sendsMaxRepetitions && snmp.version !== 1 && snmp.maxRepetitions !== undefined) {
      details.max_repetitions = snmp.maxRepetitions;
    }
    return details;
  }

  /** PSK identity and key only when PSK is in use: Zabbix rejects them otherwise. */
  tlsParams(tls: ZabbixTls): JsonRecord {
    const params: JsonRecord = { tls_connect: tls.connect, tls_accept: tls.accept };
    const usesPsk = tls.connect === TLS_PSK || (tls.accept & TLS_PSK) !== 0;
    if (usesPsk) {
      if (tls.pskIdentity !== undefined) params.tls_psk_identity = tls.pskIdentity;
      if (tls.psk !== undefined) params.tls_psk = tls.psk;
    }
    return params;
  }

  /** Inventory fields cannot be set while the inventory is disabled. */
  inventoryParams(mode: ZabbixInventoryMode, inventory: Readonly<Record<string, string>>): JsonRecord {
    return mode === -1 ? { inventory_mode: mode } : { inventory_mode: mode, inventory: { ...inventory } };
  }

  // ---------------------------------------------------------------------------------------------------------
  // host groups, templates, proxies, proxy groups

  hostGroupGetParams(names: readonly string[]): JsonRecord {
    return { output: ['groupid', 'name'], filter: { name: [...names] } };
  }

  hostGroupCreateParams(names: readonly string[]): JsonRecord[] {
    return names.map((name) => ({ name }));
  }

  /** Templates by technical name (`host`) or, for the ones not found that way, by visible name. */
  templateGetParams(field: 'host' | 'name', names: readonly string[]): JsonRecord {
    return { output: ['templateid', 'host', 'name'], filter: { [field]: [...names] } };
  }

  proxyGetParams(names: readonly string[]): JsonRecord {
    const field = this.proxyNameField;
    return { output: ['proxyid', field], filter: { [field]: [...names] } };
  }

  proxyGroupGetParams(names: readonly string[]): JsonRecord {
    if (!this.supportsProxyGroups) throw this.proxyGroupsUnsupported();
    return { output: ['proxy_groupid', 'name'], filter: { name: [...names] } };
  }

  /** Proxy groups with their settings and the ids of their proxies (7.0+). */
  proxyGroupDetailsGetParams(selector: ProxyGroupSelector): JsonRecord {
    if (!this.supportsProxyGroups) throw this.proxyGroupsUnsupported();
    return {
      output: ['proxy_groupid', 'name', 'description', 'failover_delay', 'min_online'],
      ...('proxyGroupids' in selector
        ? { proxy_groupids: [...selector.proxyGroupids] }
        : { filter: { name: [...selector.names] } }),
      selectProxies: ['proxyid'],
    };
  }

  // ---------------------------------------------------------------------------------------------------------
  // maintenances

  maintenanceGetParams(hostids: readonly string[]): JsonRecord {
    return {
      output: ['maintenanceid', 'name'],
      hostids: [...hostids],
      selectHosts: ['hostid'],
      [this.hostGroupsSelect]: ['groupid'],
    };
  }

  /** `hosts` objects: accepted by 6.0 and the only form from 7.2 (`hostids` was removed). */
  maintenanceUpdateHostsParams(maintenanceid: string, hostids: readonly string[]): JsonRecord {
    return { maintenanceid, hosts: hostids.map((hostid) => ({ hostid })) };
  }

  /**
   * maintenance.create: members as `hosts` objects (accepted by 6.0, the only form from 7.2), one one-time
   * period (`timeperiod_type` 0) covering the whole window, `maintenance_type` 0 (with data) or 1 (no data).
   */
  maintenanceCreateParams(spec: ZabbixMaintenanceSpec): JsonRecord {
    return {
      name: spec.name,
      description: spec.description,
      active_since: spec.activeSince,
      active_till: spec.activeTill,
      maintenance_type: spec.collectsData ? 0 : 1,
      hosts: spec.hostids.map((hostid) => ({ hostid })),
      timeperiods: [
        { timeperiod_type: 0, start_date: spec.activeSince, period: spec.activeTill - spec.activeSince },
      ],
    };
  }

  /** maintenance.update: the whole maintenance again (hosts and time periods are replaced, not merged). */
  maintenanceUpdateParams(maintenanceid: string, spec: ZabbixMaintenanceSpec): JsonRecord {
    return { maintenanceid, ...this.maintenanceCreateParams(spec) };
  }

  /** Maintenances with their window, type and member ids; host groups by the version's select. */
  maintenanceDetailsGetParams(selector: MaintenanceSelector): JsonRecord {
    return {
      output: ['maintenanceid', 'name', 'description', 'active_since', 'active_till', 'maintenance_type'],
      ...('maintenanceids' in selector
        ? { maintenanceids: [...selector.maintenanceids] }
        : { filter: { name: [...selector.names] } }),
      selectHosts: ['hostid'],
      [this.hostGroupsSelect]: ['groupid'],
    };
  }

  // ---------------------------------------------------------------------------------------------------------
  // parsing

  parseHost(raw: unknown): ZabbixHost {
    const method = 'host.get';
    const record = readRecord(method, raw, 'host');
    return {
      hostid: readString(method, record, 'hostid'),
      host: readString(method, record, 'host'),
      name: readString(method, record, 'name'),
      status: readInteger(method, record, 'status') === 1 ? 1 : 0,
      description: readOptionalString(record, 'description') ?? '',
      monitoring: this.parseMonitoring(record),
      tlsConnect: readOptionalInteger(record, 'tls_connect') ?? 1,
      tlsAccept: readOptionalInteger(record, 'tls_accept') ?? 1,
      inventoryMode: parseInventoryMode(readOptionalInteger(record, 'inventory_mode')),
      inventory: parseInventory(record.inventory),
      interfaces: readRelated(method, record, ['interfaces']).map((item) => parseInterface(method, item)),
      templates: readRelated(method, record, ['parentTemplates']).map((item) => ({
        templateid: readString(method, item, 'templateid'),
        name: readString(method, item, 'name'),
      })),
      groups: readRelated(method, record, [this.hostGroupsProperty, 'hostgroups', 'groups']).map((item) =>
        parseHostGroup(method, item),
      ),
      tags: readRelated(method, record, ['tags']).map((item) => ({
        tag: readString(method, item, 'tag'),
        value: readOptionalString(item, 'value') ?? '',
      })),
    };
  }

  parseMonitoring(record: JsonRecord): ZabbixMonitoring {
    if (this.usesMonitoredBy) {
      const monitoredBy = readOptionalInteger(record, 'monitored_by') ?? 0;
      if (monitoredBy === 1)
        return { monitoredBy: 'proxy', proxyid: readString('host.get', record, 'proxyid') };
      if (monitoredBy === 2) {
        return { monitoredBy: 'proxy_group', proxyGroupid: readString('host.get', record, 'proxy_groupid') };
      }
      return { monitoredBy: 'server' };
    }
    const proxyid = readOptionalString(record, 'proxy_hostid') ?? '0';
    return proxyid === '0' ? { monitoredBy: 'server' } : { monitoredBy: 'proxy', proxyid };
  }

  parseHostNames(raw: unknown): ZabbixHostName[] {
    const method = 'host.get';
    return readRecords(method, raw).map((record) => ({
      hostid: readString(method, record, 'hostid'),
      host: readString(method, record, 'host'),
      name: readString(method, record, 'name'),
    }));
  }

  parseHostGroups(raw: unknown): ZabbixHostGroup[] {
    return readRecords('hostgroup.get', raw).map((record) => parseHostGroup('hostgroup.get', record));
  }

  parseTemplates(raw: unknown): ZabbixTemplate[] {
    const method = 'template.get';
    return readRecords(method, raw).map((record) => ({
      templateid: readString(method, record, 'templateid'),
      host: readString(method, record, 'host'),
      name: readString(method, record, 'name'),
    }));
  }

  parseProxies(raw: unknown): ZabbixProxy[] {
    const method = 'proxy.get';
    return readRecords(method, raw).map((record) => ({
      proxyid: readString(method, record, 'proxyid'),
      name: readString(method, record, this.proxyNameField),
    }));
  }

  parseProxyGroups(raw: unknown): ZabbixProxyGroup[] {
    const method = 'proxygroup.get';
    return readRecords(method, raw).map((record) => ({
      proxyGroupid: readString(method, record, 'proxy_groupid'),
      name: readString(method, record, 'name'),
    }));
  }

  parseMaintenances(raw: unknown): ZabbixMaintenance[] {
    const method = 'maintenance.get';
    return readRecords(method, raw).map((record) => ({
      maintenanceid: readString(method, record, 'maintenanceid'),
      name: readString(method, record, 'name'),
      hostids: readRelated(method, record, ['hosts']).map((item) => readString(method, item, 'hostid')),
      groupids: readRelated(method, record, [this.hostGroupsProperty, 'hostgroups', 'groups']).map((item) =>
        readString(method, item, 'groupid'),
      ),
    }));
  }

  parseMaintenanceDetails(raw: unknown): ZabbixMaintenanceDetails[] {
    const method = 'maintenance.get';
    return readRecords(method, raw).map((record) => ({
      maintenanceid: readString(method, record, 'maintenanceid'),
      name: readString(method, record, 'name'),
      description: readOptionalString(record, 'description') ?? '',
      activeSince: readInteger(method, record, 'active_since'),
      activeTill: readInteger(method, record, 'active_till'),
      collectsData: readInteger(method, record, 'maintenance_type') === 0,
      hostids: readRelated(method, record, ['hosts']).map((item) => readString(method, item, 'hostid')),
      groupids: readRelated(method, record, [this.hostGroupsProperty, 'hostgroups', 'groups']).map((item) =>
        readString(method, item, 'groupid'),
      ),
    }));
  }

  parseProxyGroupDetails(raw: unknown): ZabbixProxyGroupDetails[] {
    const method = 'proxygroup.get';
    return readRecords(method, raw).map((record) => ({
      proxyGroupid: readString(method, record, 'proxy_groupid'),
      name: readString(method, record, 'name'),
      description: readOptionalString(record, 'description') ?? '',
      failoverDelay: readString(method, record, 'failover_delay'),
      minOnline: readString(method, record, 'min_online'),
      proxyids: readRelated(method, record, ['proxies']).map((item) => readString(method, item, 'proxyid')),
    }));
  }

  private hostMonitoringOutput(): string[] {
    return this.usesMonitoredBy ? ['monitored_by', 'proxyid', 'proxy_groupid'] : ['proxy_hostid'];
  }

  private proxyGroupsUnsupported(): ZabbixUnsupportedFeatureError {
    return new ZabbixUnsupportedFeatureError('Monitoring by a proxy group', this.version.toString(), '7.0');
  }
}

function parseHostGroup(method: string, record: JsonRecord): ZabbixHostGroup {
  return { groupid: readString(method, record, 'groupid'), name: readString(method, record, 'name') };
}

function parseInventoryMode(value: number | undefined): ZabbixInventoryMode {
  if (value === 0 || value === 1) return value;
  return -1;
}

/** `[]` when the inventory is disabled; otherwise an object of inventory fields. */
function parseInventory(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const inventory: Record<string, string> = {};
  for (const [field, fieldValue] of Object.entries(value)) {
    if (!INVENTORY_META_FIELDS.has(field) && typeof fieldValue === 'string') inventory[field] = fieldValue;
  }
  return inventory;
}

function parseInterfaceType(method: string, value: number): ZabbixInterfaceTypeCode {
  switch (value) {
    case ZabbixInterfaceType.agent:
    case ZabbixInterfaceType.snmp:
    case ZabbixInterfaceType.ipmi:
    case ZabbixInterfaceType.jmx:
      return value;
    default:
      throw new ZabbixResponseShapeError(method, `unknown interface type ${value}`);
  }
}

function parseInterface(method: string, record: JsonRecord): ZabbixHostInterface {
  const type = parseInterfaceType(method, readInteger(method, record, 'type'));
  const base = {
    interfaceid: readString(method, record, 'interfaceid'),
    type,
    main: readInteger(method, record, 'main') === 1,
    useIp: readInteger(method, record, 'useip') === 1,
    ip: readOptionalString(record, 'ip') ?? '',
    dns: readOptionalString(record, 'dns') ?? '',
    port: readOptionalString(record, 'port') ?? '',
  };
  // Non-SNMP interfaces carry `details: []`.
  if (type !== ZabbixInterfaceType.snmp || !isRecord(record.details)) return base;
  return { ...base, snmp: parseSnmpDetails(method, record.details) };
}

function parseSnmpDetails(method: string, details: JsonRecord): ZabbixSnmpDetails {
  const rawVersion = readInteger(method, details, 'version');
  const version = rawVersion === 1 || rawVersion === 3 ? rawVersion : 2;
  const bulk = readOptionalInteger(details, 'bulk') === 0 ? 0 : 1;
  const maxRepetitions = readOptionalInteger(details, 'max_repetitions');
  const common = { version, bulk, ...(maxRepetitions !== undefined ? { maxRepetitions } : {}) } as const;
  if (version !== 3) return { ...common, community: readOptionalString(details, 'community') ?? '' };
  return {
    ...common,
    contextName: readOptionalString(details, 'contextname') ?? '',
    securityName: readOptionalString(details, 'securityname') ?? '',
    securityLevel: readOptionalInteger(details, 'securitylevel') ?? 0,
    authProtocol: readOptionalInteger(details, 'authprotocol') ?? 0,
    authPassphrase: readOptionalString(details, 'authpassphrase') ?? '',
    privProtocol: readOptionalInteger(details, 'privprotocol') ?? 0,
    privPassphrase: readOptionalString(details, 'privpassphrase') ?? '',
  };
}

/** Tag operator 1 (equals), from 5.0 on: the value must match exactly, not as a substring. */
const TAG_EQUALS = 1;
/** Tag evaluation 0 (And/Or) and 2 (Or): with 2, a host matching any one of the tag conditions is returned. */
const TAG_EVAL_AND_OR = 0;
const TAG_EVAL_OR = 2;

function hostSelection(selector: HostSelector): JsonRecord {
  if ('hostids' in selector) return { hostids: [...selector.hostids] };
  if ('hosts' in selector) return { filter: { host: [...selector.hosts] } };
  if ('anyTag' in selector) {
    return {
      evaltype: TAG_EVAL_OR,
      tags: selector.anyTag.map(({ tag, value }) => ({ tag, value, operator: TAG_EQUALS })),
    };
  }
  return {
    evaltype: TAG_EVAL_AND_OR,
    tags: [{ tag: selector.tag.tag, value: selector.tag.value, operator: TAG_EQUALS }],
  };
}
