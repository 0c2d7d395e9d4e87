import { InterfaceType } from '@lib/models';
import { loadNetboxFixture } from '@lib/testing';
import {
  buildDesiredHost,
  customFieldKey,
  statusPolicyNote,
  technicalHostName,
  type FieldMappings,
  type HostPolicy,
} from './desired-host';
import { type MappingRule } from './mapping-resolution';
import { parseNetboxHostSource } from './netbox-host-source';

const policy: HostPolicy = {
  ipAssignmentMethod: 'PRIMARY',
  useip: 'IP',
  agentPort: 10050,
  inventoryMode: 'MANUAL',
  tlsConnect: 'PSK',
  tlsAccept: 'PSK',
  tlsPskIdentity: null,
  tlsPsk: null,
  defaultTag: null,
  tagPrefix: null,
  tagNameFormatting: 'KEEP',
  excludeCustomFieldName: 'Exclude from Zabbix',
  excludeCustomFieldEnabled: false,
  statusPolicy: {},
  snmpVersion: 3,
  snmpCommunity: '{$SNMP_COMMUNITY}',
  snmpPort: 161,
  snmpBulk: 'YES',
  snmpMaxRepetitions: 10,
  snmpContextname: null,
  snmpSecurityname: '{$SNMPV3_USER}',
  snmpSecuritylevel: 'authPriv',
  snmpAuthprotocol: 'SHA1',
  snmpAuthpassphrase: '{$SNMPV3_AUTHPASS}',
  snmpPrivprotocol: 'AES128',
  snmpPrivpassphrase: '{$SNMPV3_PRIVPASS}',
};

const mapping: MappingRule = {
  id: 1,
  name: 'Default devices',
  isDefault: true,
  interfaceType: InterfaceType.Any,
  sites: [],
  roles: [],
  platforms: [],
  hostGroups: ['NetBox', 'Routers'],
  templates: ['ICMP Ping'],
  proxy: null,
  proxyGroup: null,
};

const noFieldMappings: FieldMappings = { tags: [], inventory: [] };
const { data } = loadNetboxFixture<{ data: Record<string, unknown> }>('webhook-device-updated.json');
const device = parseNetboxHostSource('dcim.device', data);

describe(buildDesiredHost.name, () => {
  it('should build the host with the mapping groups, templates and an agent interface on the primary IPv4', () => {
    const decision = buildDesiredHost(device, mapping, policy, noFieldMappings);
    expect(decision).toEqual({
      monitored: true,
      desired: {
        host: 'ams1-core-rtr01',
        name: 'ams1-core-rtr01',
        status: 0,
        description: '',
        groups: ['NetBox', 'Routers'],
        templates: ['ICMP Ping'],
        interfaces: [
          {
            kind: 'agent',
            main: true,
            useIp: true,
            ip: '192.0.2.10',
            dns: 'ams1-core-rtr01.example.net',
            port: 10050,
          },
        ],
        tags: [],
        inventoryMode: 0,
        inventory: {},
        monitoredBy: 'server',
        tlsConnect: 1,
        tlsAccept: 1,
      },
    });
  });

  it.each<[string, Partial<HostPolicy>, Record<string, unknown>, boolean, string]>([
    ['no primary IPv4', {}, { primary_ip4: null }, false, 'the object has no primary IPv4 address'],
    ['no name', {}, { name: null }, false, 'the object has no name'],
    [
      'the exclusion field set',
      { excludeCustomFieldEnabled: true },
      { custom_fields: { exclude_from_zabbix: true } },
      true,
      'excluded by custom field "Exclude from Zabbix"',
    ],
  ])('should not monitor an object with %s', (_case, policyChange, dataChange, remove, reason) => {
    const source = parseNetboxHostSource('dcim.device', { ...data, ...dataChange });
    expect(buildDesiredHost(source, mapping, { ...policy, ...policyChange }, noFieldMappings)).toEqual({
      monitored: false,
      remove,
      reason,
    });
  });

  it('should ignore the exclusion field while exclusion is disabled', () => {
    const source = parseNetboxHostSource('dcim.device', {
      ...data,
      custom_fields: { exclude_from_zabbix: true },
    });
    expect(buildDesiredHost(source, mapping, policy, noFieldMappings).monitored).toBe(true);
  });

  it('should hold the host when its mapping has no host group', () => {
    expect(buildDesiredHost(device, { ...mapping, hostGroups: [] }, policy, noFieldMappings)).toEqual({
      monitored: false,
      remove: false,
      reason: 'mapping "Default devices" has no host group (Zabbix requires one)',
    });
  });

  it('should hold the host when no mapping applies', () => {
    expect(buildDesiredHost(device, null, policy, noFieldMappings)).toMatchObject({
      monitored: false,
      remove: false,
    });
  });

  it.each<[string, Partial<HostPolicy>, Record<string, unknown>]>([
    ['DNS when useip is DNS', { useip: 'DNS' }, { useIp: false }],
    ['the configured agent port', { agentPort: 20050 }, { port: 20050 }],
  ])('should use %s', (_case, policyChange, expected) => {
    const decision = buildDesiredHost(device, mapping, { ...policy, ...policyChange }, noFieldMappings);
    expect(decision.monitored && decision.desired.interfaces[0]).toMatchObject(expected);
  });

  it('should fall back to the IP when useip is DNS but the address has no DNS name', () => {
    const source = parseNetboxHostSource('dcim.device', {
      ...data,
      primary_ip4: { id: 1, address: '192.0.2.99/24', dns_name: '' },
    });
    const decision = buildDesiredHost(source, mapping, { ...policy, useip: 'DNS' }, noFieldMappings);
    expect(decision.monitored && decision.desired.interfaces[0]?.useIp).toBe(true);
  });

  it.each<[string, Partial<MappingRule>, Record<string, unknown>]>([
    ['a proxy', { proxy: 'proxy-ams1' }, { monitoredBy: 'proxy', proxy: 'proxy-ams1' }],
    ['a proxy group', { proxyGroup: 'ams' }, { monitoredBy: 'proxy_group', proxyGroup: 'ams' }],
  ])('should monitor through %s', (_case, mappingChange, expected) => {
    const decision = buildDesiredHost(device, { ...mapping, ...mappingChange }, policy, noFieldMappings);
    expect(decision.monitored && decision.desired).toMatchObject(expected);
  });

  it.each<[string, Partial<HostPolicy>, { tag: string; value: string }[]]>([
    [
      'the default tag with the NetBox id',
      { defaultTag: 'netbox_id' },
      [
        { tag: 'netbox_id', value: '101' },
        { tag: 'Site', value: 'AMS1' },
      ],
    ],
    ['the tag prefix', { tagPrefix: 'nb_' }, [{ tag: 'nb_Site', value: 'AMS1' }]],
    ['upper-case names', { tagNameFormatting: 'UPPER' }, [{ tag: 'SITE', value: 'AMS1' }]],
    [
      'lower-case names',
      { tagNameFormatting: 'LOWER', tagPrefix: 'NB-' },
      [{ tag: 'nb-site', value: 'AMS1' }],
    ],
  ])('should build tags with %s', (_case, policyChange, expected) => {
    const mappings: FieldMappings = {
      tags: [
        ['Site', 'site.name'],
        ['Location', 'location.name'],
      ],
      inventory: [],
    };
    const decision = buildDesiredHost(device, mapping, { ...policy, ...policyChange }, mappings);
    expect(decision.monitored && decision.desired.tags).toEqual(expected);
  });

  it('should fill inventory from the first field path that has a value', () => {
    const mappings: FieldMappings = {
      tags: [],
      inventory: [
        ['Location', 'location', ['location.name', 'site.name']],
        ['Platform', 'os', ['platform.name']],
        ['Nothing', 'notes', ['no.such.path']],
      ],
    };
    const decision = buildDesiredHost(device, mapping, { ...policy, inventoryMode: 'AUTOMATIC' }, mappings);
    expect(decision.monitored && decision.desired).toMatchObject({
      inventoryMode: 1,
      inventory: { location: 'AMS1', os: 'Juniper Junos' },
    });
  });

  it('should use PSK only when identity and key are configured', () => {
    const decision = buildDesiredHost(
      device,
      mapping,
      { ...policy, tlsPskIdentity: 'nb', tlsPsk: '0123456789abcdef0123456789abcdef' },
      noFieldMappings,
    );
    expect(decision.monitored && decision.desired).toMatchObject({
      tlsConnect: 2,
      tlsAccept: 2,
      tlsPskIdentity: 'nb',
    });
  });
});

describe('buildDesiredHost for SNMP mappings and NetBox status', () => {
  const snmpMapping: MappingRule = { ...mapping, interfaceType: InterfaceType.Snmp };

  it('should build an SNMPv3 interface from the settings defaults when the mapping is for SNMP', () => {
    const decision = buildDesiredHost(device, snmpMapping, policy, noFieldMappings);
    expect(decision.monitored && decision.desired.interfaces).toEqual([
      {
        kind: 'snmp',
        main: true,
        useIp: true,
        ip: '192.0.2.10',
        dns: 'ams1-core-rtr01.example.net',
        port: 161,
        snmp: {
          version: 3,
          bulk: 1,
          maxRepetitions: 10,
          contextName: '',
          securityName: '{$SNMPV3_USER}',
          securityLevel: 2,
          authProtocol: 1,
          authPassphrase: '{$SNMPV3_AUTHPASS}',
          privProtocol: 1,
          privPassphrase: '{$SNMPV3_PRIVPASS}',
        },
      },
    ]);
  });

  it.each<[string, Partial<HostPolicy>, Record<string, unknown>]>([
    [
      'SNMPv2c with the community',
      { snmpVersion: 2, snmpCommunity: 'public' },
      { version: 2, bulk: 1, maxRepetitions: 10, community: 'public' },
    ],
    [
      'SNMPv1 without bulk',
      { snmpVersion: 1, snmpBulk: 'NO' },
      { version: 1, bulk: 0, community: '{$SNMP_COMMUNITY}' },
    ],
    [
      'SHA512/AES256C authNoPriv',
      { snmpAuthprotocol: 'SHA512', snmpPrivprotocol: 'AES256C', snmpSecuritylevel: 'authNoPriv' },
      { securityLevel: 1, authProtocol: 5, privProtocol: 5 },
    ],
    [
      'MD5/DES noAuthNoPriv',
      { snmpAuthprotocol: 'MD5', snmpPrivprotocol: 'DES', snmpSecuritylevel: 'noAuthNoPriv' },
      { securityLevel: 0, authProtocol: 0, privProtocol: 0 },
    ],
  ])('should build %s', (_case, policyChange, expected) => {
    const decision = buildDesiredHost(device, snmpMapping, { ...policy, ...policyChange }, noFieldMappings);
    expect(decision.monitored && decision.desired.interfaces[0]?.snmp).toMatchObject(expected);
  });

  it.each<[string, string, Record<string, 'disable' | 'remove'>, Record<string, unknown>]>([
    [
      'enable an active device by default',
      'active',
      {},
      { monitored: true, desired: expect.objectContaining({ status: 0 }) },
    ],
    [
      'enable an offline device when the policy is empty, saying why',
      'offline',
      {},
      {
        monitored: true,
        desired: expect.objectContaining({ status: 0 }),
        policyNote:
          'NetBox status "offline" has no rule in the status policy; the host is kept monitored as it is',
      },
    ],
    [
      'disable an offline device',
      'offline',
      { offline: 'disable' },
      {
        monitored: true,
        desired: expect.objectContaining({ status: 1 }),
        policyNote: 'NetBox status "offline" disables the host (status policy)',
      },
    ],
    [
      'remove a decommissioning device',
      'decommissioning',
      { offline: 'disable', decommissioning: 'remove' },
      { monitored: false, remove: true, reason: 'NetBox status "decommissioning" removes the host' },
    ],
  ])('should %s', (_case, status, statusPolicy, expected) => {
    const source = parseNetboxHostSource('dcim.device', {
      ...data,
      status: { value: status, label: status },
    });
    expect(buildDesiredHost(source, mapping, { ...policy, statusPolicy }, noFieldMappings)).toMatchObject(
      expected,
    );
  });

  it('should turn each NetBox tag into a Zabbix tag when the tag mapping selects tags', () => {
    const source = parseNetboxHostSource('dcim.device', {
      ...data,
      tags: [
        { id: 2, name: 'zabbix', slug: 'zabbix' },
        { id: 3, name: 'core', slug: 'core' },
      ],
    });
    const decision = buildDesiredHost(source, mapping, policy, {
      tags: [['NetBox tag', 'tags']],
      inventory: [],
    });
    expect(decision.monitored && decision.desired.tags).toEqual([
      { tag: 'NetBox tag', value: 'zabbix' },
      { tag: 'NetBox tag', value: 'core' },
    ]);
    expect(source.tagIds).toEqual([2, 3]);
  });
});

describe(statusPolicyNote.name, () => {
  it.each<[string, 'disable' | 'remove' | undefined, string | null]>([
    ['active', undefined, null],
    ['active', 'disable', 'NetBox status "active" disables the host (status policy)'],
    [
      'decommissioning',
      undefined,
      'NetBox status "decommissioning" has no rule in the status policy; the host is kept monitored as it is',
    ],
    [
      'planned',
      undefined,
      'NetBox status "planned" has no rule in the status policy; the host is kept monitored as it is',
    ],
    ['offline', 'disable', 'NetBox status "offline" disables the host (status policy)'],
    ['decommissioning', 'remove', 'NetBox status "decommissioning" removes the host'],
  ])('should say of status %s with rule %s: %s', (status, rule, expected) => {
    expect(statusPolicyNote(status, rule)).toBe(expected);
  });
});

describe(technicalHostName.name, () => {
  it.each([
    ['ams1-core-rtr01', 'ams1-core-rtr01'],
    ['edge router (old)', 'edge router _old_'],
    ['  spaced  ', 'spaced'],
    ['café/01', 'caf__01'],
    ['x'.repeat(200), 'x'.repeat(128)],
  ])('should turn %j into %j', (input, expected) => {
    expect(technicalHostName(input)).toBe(expected);
  });
});

describe(customFieldKey.name, () => {
  it.each([
    ['Exclude from Zabbix', 'exclude_from_zabbix'],
    ['exclude_from_zabbix', 'exclude_from_zabbix'],
    [' No-Monitoring! ', 'no_monitoring'],
  ])('should key %j as %j', (input, expected) => {
    expect(customFieldKey(input)).toBe(expected);
  });
});
