import {
  type DesiredHost,
  type DesiredInterface,
  type DesiredSnmpDetails,
  type DesiredTag,
  type MonitoredBy,
} from '@lib/contracts';
import {
  InterfaceType,
  SnmpAuthProtocol,
  SnmpPrivProtocol,
  SnmpSecurityLevel,
  type Settings,
} from '@lib/models';
import { type MappingRule } from './mapping-resolution';
import { readFieldPath, type NetboxHostSource } from './netbox-host-source';

/** The settings the desired host depends on. */
/** The settings fields that shape a desired host (a change to any of them re-plans every host). */
export const HOST_POLICY_FIELDS = [
  'ipAssignmentMethod',
  'useip',
  'agentPort',
  'inventoryMode',
  'tlsConnect',
  'tlsAccept',
  'tlsPskIdentity',
  'tlsPsk',
  'defaultTag',
  'tagPrefix',
  'tagNameFormatting',
  'excludeCustomFieldName',
  'excludeCustomFieldEnabled',
  'statusPolicy',
  'snmpVersion',
  'snmpCommunity',
  'snmpPort',
  'snmpBulk',
  'snmpMaxRepetitions',
  'snmpContextname',
  'snmpSecurityname',
  'snmpSecuritylevel',
  'snmpAuthprotocol',
  'snmpAuthpassphrase',
  'snmpPrivprotocol',
  'snmpPrivpassphrase',
] as const satisfies readonly (keyof Settings)[];

export type HostPolicy = Pick<Settings, (typeof HOST_POLICY_FIELDS)[number]>;

/** Just the host-shaping fields of the settings. */
export function hostPolicyOf(settings: HostPolicy): HostPolicy {
  return Object.fromEntries(HOST_POLICY_FIELDS.map((field) => [field, settings[field]])) as HostPolicy;
}

/** Field path that turns each NetBox tag into a Zabbix tag: `["NetBox tag", "tags"]`. */
export const NETBOX_TAGS_PATH = 'tags';

export interface FieldMappings {
  /** `[tag name, field path]` pairs. */
  readonly tags: readonly (readonly [string, string])[];
  /** `[display name, Zabbix inventory field, field paths by preference]`. */
  readonly inventory: readonly (readonly [string, string, readonly string[]])[];
}

export type DesiredHostDecision =
  | {
      readonly monitored: true;
      readonly desired: DesiredHost;
      /** What the status policy decided for an object not in service (statusPolicyNote), for the log. */
      readonly policyNote?: string;
    }
  /**
   * Not to be monitored. `remove`: take an existing Zabbix host away (the object is excluded); otherwise
   * leave an existing host as it is (a device briefly without a primary IP must not be archived).
   */
  | { readonly monitored: false; readonly remove: boolean; readonly reason: string };

const ZABBIX_HOST_NAME_LIMIT = 128;

/** The NetBox status of objects in service: the status policy has nothing to say about them by default. */
const IN_SERVICE_STATUS = 'active';

/**
 * Why the status policy treats an object as it does, or null for an object in service that no rule names.
 * A status without a rule keeps the host monitored as it is (the policy's default, `{}`): said so, since an
 * operator who decommissions a device may expect its host to go.
 */
export function statusPolicyNote(status: string, rule: 'disable' | 'remove' | undefined): string | null {
  switch (rule) {
    case 'remove':
      return `NetBox status "${status}" removes the host`;
    case 'disable':
      return `NetBox status "${status}" disables the host (status policy)`;
    case undefined:
      return status === IN_SERVICE_STATUS
        ? null
        : `NetBox status "${status}" has no rule in the status policy; the host is kept monitored as it is`;
  }
}

/** Zabbix technical names allow letters, digits, spaces, dots, dashes and underscores. */
export function technicalHostName(name: string): string {
  return name
    .trim()
    .replace(/[^A-Za-z0-9 ._-]/g, '_')
    .slice(0, ZABBIX_HOST_NAME_LIMIT);
}

/** `Exclude from Zabbix` → `exclude_from_zabbix`: NetBox keys custom fields by name, operators know labels. */
export function customFieldKey(labelOrName: string): string {
  return labelOrName
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

export function isExcluded(source: NetboxHostSource, policy: HostPolicy): boolean {
  if (!policy.excludeCustomFieldEnabled) return false;
  const keys = new Set([policy.excludeCustomFieldName, customFieldKey(policy.excludeCustomFieldName)]);
  return [...keys].some((key) => {
    const value = source.customFields[key];
    return value === true || value === 'true' || value === 1;
  });
}

function formatTagName(name: string, policy: HostPolicy): string {
  const prefixed = `${policy.tagPrefix ?? ''}${name}`;
  switch (policy.tagNameFormatting) {
    case 'UPPER':
      return prefixed.toUpperCase();
    case 'LOWER':
      return prefixed.toLowerCase();
    case 'KEEP':
      return prefixed;
  }
}

export function buildTags(
  source: NetboxHostSource,
  policy: HostPolicy,
  mappings: FieldMappings,
): DesiredTag[] {
  const tags: DesiredTag[] = [];
  if (policy.defaultTag)
    tags.push({ tag: formatTagName(policy.defaultTag, policy), value: String(source.id) });
  for (const [name, path] of mappings.tags) {
    if (path === NETBOX_TAGS_PATH) {
      for (const netboxTag of source.tags) tags.push({ tag: formatTagName(name, policy), value: netboxTag });
      continue;
    }
    const value = readFieldPath(source.raw, path);
    if (value !== undefined) tags.push({ tag: formatTagName(name, policy), value });
  }
  const seen = new Set<string>();
  return tags.filter(({ tag, value }) => {
    const key = `${tag}\u0000${value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function buildInventory(source: NetboxHostSource, mappings: FieldMappings): Record<string, string> {
  const inventory: Record<string, string> = {};
  for (const [, field, paths] of mappings.inventory) {
    const value = paths.map((path) => readFieldPath(source.raw, path)).find((found) => found !== undefined);
    if (value !== undefined) inventory[field] = value;
  }
  return inventory;
}

const INVENTORY_MODE: Record<HostPolicy['inventoryMode'], -1 | 0 | 1> = {
  DISABLED: -1,
  MANUAL: 0,
  AUTOMATIC: 1,
};
const TLS_MODE: Record<HostPolicy['tlsConnect'], 1 | 2 | 4> = { NoEncryption: 1, PSK: 2, CERTIFICATE: 4 };

function tlsSettings(
  policy: HostPolicy,
): Pick<DesiredHost, 'tlsConnect' | 'tlsAccept' | 'tlsPskIdentity' | 'tlsPsk'> {
  const pskReady = Boolean(policy.tlsPskIdentity && policy.tlsPsk);
  // PSK without an identity and a key cannot work: Zabbix rejects the host. Fall back to no encryption.
  const connect = policy.tlsConnect === 'PSK' && !pskReady ? 1 : TLS_MODE[policy.tlsConnect];
  const accept = policy.tlsAccept === 'PSK' && !pskReady ? 1 : TLS_MODE[policy.tlsAccept];
  const usesPsk = connect === 2 || accept === 2;
  return {
    tlsConnect: connect,
    tlsAccept: accept,
    ...(usesPsk ? { tlsPskIdentity: policy.tlsPskIdentity ?? '', tlsPsk: policy.tlsPsk ?? '' } : {}),
  };
}

/** The SNMP interface details from the settings defaults (settings_model.md), as Zabbix numbers them. */
export function snmpDetails(policy: HostPolicy): DesiredSnmpDetails {
  const version = policy.snmpVersion;
  const common = {
    version,
    bulk: policy.snmpBulk === 'YES' ? 1 : 0,
    maxRepetitions: policy.snmpMaxRepetitions,
  } as const;
  if (version !== 3) return { ...common, community: policy.snmpCommunity };
  return {
    ...common,
    contextName: policy.snmpContextname ?? '',
    securityName: policy.snmpSecurityname,
    securityLevel: SnmpSecurityLevel[policy.snmpSecuritylevel],
    authProtocol: SnmpAuthProtocol[policy.snmpAuthprotocol],
    authPassphrase: policy.snmpAuthpassphrase,
    privProtocol: SnmpPrivProtocol[policy.snmpPrivprotocol],
    privPassphrase: policy.snmpPrivpassphrase,
  };
}

function monitoredBy(mapping: MappingRule): {
  monitoredBy: MonitoredBy;
  proxy?: string;
  proxyGroup?: string;
} {
  if (mapping.proxyGroup) return { monitoredBy: 'proxy_group', proxyGroup: mapping.proxyGroup };
  if (mapping.proxy) return { monitoredBy: 'proxy', proxy: mapping.proxy };
  return { monitoredBy: 'server' };
}

/**
 * The Zabbix host a NetBox device or VM should be, or why it should not be in Zabbix at all. Pure: the same
 * object, mapping and settings always give the same host.
 */
export function buildDesiredHost(
  source: NetboxHostSource,
  mapping: MappingRule | null,
  policy: HostPolicy,
  mappings: FieldMappings,
): DesiredHostDecision {
  if (isExcluded(source, policy)) {
    return {
      monitored: false,
      remove: true,
      reason: `excluded by custom field "${policy.excludeCustomFieldName}"`,
    };
  }
  if (source.name === null) return { monitored: false, remove: false, reason: 'the object has no name' };
  if (mapping === null) {
    return { monitored: false, remove: false, reason: 'no mapping matches and there is no default mapping' };
  }
  if (mapping.hostGroups.length === 0) {
    return {
      monitored: false,
      remove: false,
      reason: `mapping "${mapping.name}" has no host group (Zabbix requires one)`,
    };
  }
  const primary = source.primaryIp4;
  if (primary === null) {
    return { monitored: false, remove: false, reason: 'the object has no primary IPv4 address' };
  }

  const statusRule = policy.statusPolicy[source.status];
  const policyNote = statusPolicyNote(source.status, statusRule);
  if (statusRule === 'remove') {
    return { monitored: false, remove: true, reason: policyNote ?? source.status };
  }

  const useIp = policy.useip === 'IP' || primary.dnsName === '';
  const address = { main: true, useIp, ip: primary.address, dns: primary.dnsName };
  const hostInterface: DesiredInterface =
    mapping.interfaceType === InterfaceType.Snmp
      ? { kind: 'snmp', ...address, port: policy.snmpPort, snmp: snmpDetails(policy) }
      : { kind: 'agent', ...address, port: policy.agentPort };
  return {
    monitored: true,
    desired: {
      host: technicalHostName(source.name),
      name: source.name,
      status: statusRule === 'disable' ? 1 : 0,
      description: source.description,
      groups: [...mapping.hostGroups],
      templates: [...mapping.templates],
      interfaces: [hostInterface],
      tags: buildTags(source, policy, mappings),
      inventoryMode: INVENTORY_MODE[policy.inventoryMode],
      inventory: policy.inventoryMode === 'DISABLED' ? {} : buildInventory(source, mappings),
      ...monitoredBy(mapping),
      ...tlsSettings(policy),
    },
    ...(policyNote === null ? {} : { policyNote }),
  };
}
