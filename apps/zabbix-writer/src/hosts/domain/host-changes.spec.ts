import { type DesiredHost } from '@lib/contracts';
import { type ZabbixHost } from '@lib/clients';
import { changedPartsOf, hostChanges, type HostChange } from './host-changes';
import { buildHostUpdate, type ResolvedReferences } from './host-fields';

const HOST_KEY = 'dcim.device:7';
const desired: DesiredHost = {
  host: 'web01',
  name: 'Web 01',
  status: 0,
  description: 'd',
  groups: ['NetBox'],
  templates: ['ICMP Ping'],
  interfaces: [{ kind: 'agent', main: true, useIp: true, ip: '10.0.0.2', dns: '', port: 10050 }],
  tags: [{ tag: 'site', value: 'ams1' }],
  inventoryMode: 0,
  inventory: { serialno_a: 'SN1' },
  monitoredBy: 'server',
  tlsConnect: 1,
  tlsAccept: 1,
};
const references: ResolvedReferences = {
  groupids: ['20'],
  templateids: ['10186'],
  monitoring: { monitoredBy: 'server' },
};
/** The host as Zabbix returns it once `desired` has been written. */
const current: ZabbixHost = {
  hostid: '10600',
  host: 'web01',
  name: 'Web 01',
  status: 0,
  description: 'd',
  monitoring: { monitoredBy: 'server' },
  tlsConnect: 1,
  tlsAccept: 1,
  inventoryMode: 0,
  inventory: { serialno_a: 'SN1', location: '' },
  interfaces: [
    { interfaceid: '1', type: 1, main: true, useIp: true, ip: '10.0.0.2', dns: '', port: '10050' },
  ],
  templates: [{ templateid: '10186', name: 'ICMP Ping' }],
  groups: [{ groupid: '20', name: 'NetBox' }],
  tags: [
    { tag: 'netbox-object', value: HOST_KEY },
    { tag: 'site', value: 'ams1' },
  ],
};
const snmpV3 = {
  version: 3,
  bulk: 1,
  contextName: 'core',
  securityName: 'monitor',
  securityLevel: 1,
  authProtocol: 1,
  authPassphrase: 'secret-auth',
} as const;

describe(hostChanges.name, () => {
  it.each<[string, Partial<ZabbixHost>, Partial<DesiredHost>, Partial<ResolvedReferences>, HostChange[]]>([
    ['nothing, when the host is as desired (tags in another order)', {}, {}, {}, []],
    [
      'nothing, for inventory fields the job does not set',
      { inventory: { serialno_a: 'SN1', os: 'x' } },
      {},
      {},
      [],
    ],
    ['the technical name, after a rename by hand', { host: 'web01-old' }, {}, {}, ['host']],
    ['the visible name', { name: 'Old' }, {}, {}, ['name']],
    ['the status', { status: 1 }, {}, {}, ['status']],
    ['the description', {}, { description: 'new' }, {}, ['description']],
    ['the groups', { groups: [{ groupid: '21', name: 'Other' }] }, {}, {}, ['groups']],
    ['the groups, when one more is wanted', {}, {}, { groupids: ['20', '22'] }, ['groups']],
    [
      'the templates, when one is linked that is not wanted',
      {
        templates: [
          { templateid: '10186', name: 'ICMP Ping' },
          { templateid: '10001', name: 'Linux' },
        ],
      },
      {},
      {},
      ['templates'],
    ],
    ['the templates, when one is missing', { templates: [] }, {}, {}, ['templates']],
    [
      'the interfaces, when the IP differs',
      {},
      {
        interfaces: [{ kind: 'agent', main: true, useIp: true, ip: '10.0.0.3', dns: '', port: 10050 }],
      },
      {},
      ['interfaces'],
    ],
    [
      'the interfaces, when the host has one more',
      {
        interfaces: [
          ...current.interfaces,
          { interfaceid: '2', type: 1, main: false, useIp: true, ip: '10.0.0.9', dns: '', port: '10050' },
        ],
      },
      {},
      {},
      ['interfaces'],
    ],
    ['the tags, when a value differs', {}, { tags: [{ tag: 'site', value: 'fra1' }] }, {}, ['tags']],
    [
      'the tags, when the identity tag is missing',
      { tags: [{ tag: 'site', value: 'ams1' }] },
      {},
      {},
      ['tags'],
    ],
    ['the inventory, when a field differs', { inventory: { serialno_a: 'SN0' } }, {}, {}, ['inventory']],
    ['the inventory, when its mode differs', { inventoryMode: 1 }, {}, {}, ['inventory']],
    [
      'nothing in the inventory while it is disabled',
      { inventoryMode: -1, inventory: {} },
      { inventoryMode: -1 },
      {},
      [],
    ],
    [
      'the monitoring, when a proxy is wanted',
      {},
      {},
      { monitoring: { monitoredBy: 'proxy', proxyid: '5' } },
      ['monitoring'],
    ],
    [
      'the monitoring, when another proxy is wanted',
      { monitoring: { monitoredBy: 'proxy', proxyid: '4' } },
      {},
      {
        monitoring: { monitoredBy: 'proxy', proxyid: '5' },
      },
      ['monitoring'],
    ],
    ['the TLS settings', { tlsAccept: 3 }, {}, {}, ['tls']],
    [
      'the TLS settings whenever a PSK is used (Zabbix never returns it)',
      { tlsConnect: 2, tlsAccept: 2 },
      {
        tlsConnect: 2,
        tlsAccept: 2,
        tlsPskIdentity: 'web01',
        tlsPsk: '0123456789abcdef0123456789abcdef',
      },
      {},
      ['tls'],
    ],
    ['several parts at once', { status: 1, description: 'x' }, {}, {}, ['status', 'description']],
  ])('should report %s', (_, actual, wanted, resolved, expected) => {
    const existing = { ...current, ...actual };
    const update = buildHostUpdate(
      existing,
      { ...desired, ...wanted },
      { ...references, ...resolved },
      HOST_KEY,
    );

    expect(hostChanges(existing, update)).toEqual(expected);
  });

  describe('SNMP interfaces', () => {
    const snmpDesired: Partial<DesiredHost> = {
      interfaces: [
        {
          kind: 'snmp',
          main: true,
          useIp: true,
          ip: '10.0.0.2',
          dns: '',
          port: 161,
          snmp: { ...snmpV3, maxRepetitions: 10 },
        },
      ],
    };
    const snmpInterface = {
      interfaceid: '1',
      type: 2,
      main: true,
      useIp: true,
      ip: '10.0.0.2',
      dns: '',
      port: '161',
    } as const;

    it.each<[string, object, HostChange[]]>([
      ['nothing when Zabbix reports the same details (6.0: no repetitions)', snmpV3, []],
      ['nothing when Zabbix reports the same repetitions (6.4+)', { ...snmpV3, maxRepetitions: 10 }, []],
      ['the interfaces when the repetitions differ', { ...snmpV3, maxRepetitions: 20 }, ['interfaces']],
      ['the interfaces when the context differs', { ...snmpV3, contextName: 'edge' }, ['interfaces']],
      ['the interfaces when Zabbix hides the passphrase', { ...snmpV3, authPassphrase: '' }, ['interfaces']],
    ])('should report %s', (_, details, expected) => {
      const existing: ZabbixHost = {
        ...current,
        interfaces: [{ ...snmpInterface, snmp: details as typeof snmpV3 }],
      };
      const update = buildHostUpdate(existing, { ...desired, ...snmpDesired }, references, HOST_KEY);

      expect(hostChanges(existing, update)).toEqual(expected);
    });
  });
});

describe(changedPartsOf.name, () => {
  function cut(
    actual: Partial<ZabbixHost>,
    wanted: Partial<DesiredHost>,
    resolved: Partial<ResolvedReferences>,
  ) {
    const existing = { ...current, ...actual };
    const update = buildHostUpdate(
      existing,
      { ...desired, ...wanted },
      { ...references, ...resolved },
      HOST_KEY,
    );
    return changedPartsOf(update, hostChanges(existing, update));
  }

  it('should keep only the host id when nothing differs', () => {
    expect(cut({}, {}, {})).toEqual({ hostid: '10600' });
  });

  it('should send every tag, the identity tag included, when only a tag differs', () => {
    expect(cut({}, { tags: [{ tag: 'role', value: 'edge' }] }, {})).toEqual({
      hostid: '10600',
      tags: [
        { tag: 'role', value: 'edge' },
        { tag: 'netbox-object', value: HOST_KEY },
      ],
    });
  });

  it('should send the templates to link and those to clear together', () => {
    const linked = [
      { templateid: '10186', name: 'ICMP Ping' },
      { templateid: '10001', name: 'Linux' },
    ];

    expect(cut({ templates: linked }, {}, {})).toEqual({
      hostid: '10600',
      templateids: ['10186'],
      templateidsToClear: ['10001'],
    });
    expect(cut({}, {}, { templateids: ['10186', '10002'] })).toEqual({
      hostid: '10600',
      templateids: ['10186', '10002'],
      templateidsToClear: [],
    });
  });

  it('should send the inventory with its mode, and the interfaces with their ids', () => {
    const interfaces = [
      { kind: 'agent', main: true, useIp: true, ip: '10.0.0.3', dns: '', port: 10050 },
    ] as const;

    expect(cut({ inventoryMode: 1 }, { interfaces: [...interfaces] }, {})).toEqual({
      hostid: '10600',
      interfaces: [
        { interfaceid: '1', type: 1, main: true, useIp: true, ip: '10.0.0.3', dns: '', port: '10050' },
      ],
      inventoryMode: 0,
      inventory: { serialno_a: 'SN1' },
    });
  });

  it('should send a rename with the other parts that differ, and nothing else', () => {
    expect(cut({ host: 'web01-old', name: 'Old' }, { description: 'new' }, {})).toEqual({
      hostid: '10600',
      host: 'web01',
      name: 'Web 01',
      description: 'new',
    });
  });
});
