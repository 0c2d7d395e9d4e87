import { type ZabbixHost } from '@lib/clients';
import { type DesiredHost } from '@lib/contracts';
import { compareHost } from './host-comparison';

const DESIRED: DesiredHost = {
  host: 'core-sw1',
  name: 'core-sw1',
  status: 0,
  description: 'NetBox device 42',
  groups: ['NetBox', 'Switches'],
  templates: ['ICMP Ping'],
  interfaces: [{ kind: 'agent', main: true, useIp: true, ip: '192.0.2.1', dns: '', port: 10050 }],
  tags: [{ tag: 'site', value: 'ams' }],
  inventoryMode: 0,
  inventory: { serialno_a: 'SN1' },
  monitoredBy: 'server',
  tlsConnect: 1,
  tlsAccept: 1,
};

const ZABBIX: ZabbixHost = {
  hostid: '10601',
  host: 'core-sw1',
  name: 'core-sw1',
  status: 0,
  description: 'NetBox device 42',
  monitoring: { monitoredBy: 'server' },
  tlsConnect: 1,
  tlsAccept: 1,
  inventoryMode: 0,
  inventory: { serialno_a: 'SN1', os: 'ignored: not desired' },
  interfaces: [
    { interfaceid: '7', type: 1, main: true, useIp: true, ip: '192.0.2.1', dns: '', port: '10050' },
  ],
  templates: [{ templateid: '1', name: 'ICMP Ping' }],
  groups: [
    { groupid: '20', name: 'Switches' },
    { groupid: '21', name: 'NetBox' },
  ],
  tags: [
    { tag: 'netbox-object', value: 'dcim.device:42' },
    { tag: 'site', value: 'ams' },
  ],
};

function differing(desired: DesiredHost, zabbix: ZabbixHost | null): string[] {
  return compareHost('dcim.device:42', desired, zabbix)
    .filter((row) => row.same !== true)
    .map((row) => row.field);
}

describe('compareHost', () => {
  it('should find a host as desired the same in every field, the identity tag included', () => {
    expect(differing(DESIRED, ZABBIX)).toEqual([]);
  });

  it.each<[string, Partial<ZabbixHost>, string[]]>([
    ['a renamed visible name', { name: 'core-sw1 (old)' }, ['name']],
    ['a disabled host', { status: 1 }, ['status']],
    ['a group too many', { groups: [...ZABBIX.groups, { groupid: '9', name: 'Extra' }] }, ['groups']],
    ['an unlinked template', { templates: [] }, ['templates']],
    [
      'a moved interface',
      {
        interfaces: [
          { interfaceid: '7', type: 1, main: true, useIp: true, ip: '192.0.2.9', dns: '', port: '10050' },
        ],
      },
      ['interfaces'],
    ],
    ['a lost identity tag', { tags: [{ tag: 'site', value: 'ams' }] }, ['tags']],
    ['another serial number', { inventory: { serialno_a: 'SN2' } }, ['inventory']],
    ['a host polled by a proxy', { monitoring: { monitoredBy: 'proxy', proxyid: '5' } }, ['monitoring']],
    ['a host with a PSK', { tlsConnect: 2, tlsAccept: 2 }, ['tls']],
  ])('should tell %s', (_case, drift, expected) => {
    expect(differing(DESIRED, { ...ZABBIX, ...drift })).toEqual(expected);
  });

  it('should show every field as differing when Zabbix has no host', () => {
    const rows = compareHost('dcim.device:42', DESIRED, null);

    expect(rows.every((row) => row.zabbix === null && row.same === false)).toBe(true);
    expect(rows.map((row) => row.field)).toEqual([
      'host',
      'name',
      'status',
      'description',
      'groups',
      'templates',
      'interfaces',
      'tags',
      'inventory',
      'monitoring',
      'tls',
    ]);
  });

  it('should compare a proxy by the id its name resolves to, and not at all without one', () => {
    const desired: DesiredHost = { ...DESIRED, monitoredBy: 'proxy', proxy: 'ams-proxy' };
    const zabbix: ZabbixHost = { ...ZABBIX, monitoring: { monitoredBy: 'proxy', proxyid: '5' } };

    const same = (proxyid?: string | null): boolean | null | undefined =>
      compareHost('dcim.device:42', desired, zabbix, proxyid === undefined ? {} : { proxyid }).find(
        (row) => row.field === 'monitoring',
      )?.same;

    expect([same('5'), same('6'), same(null), same()]).toEqual([true, false, false, null]);
  });

  it('should show no secret, only that TLS uses a PSK and the SNMP security level', () => {
    const desired: DesiredHost = {
      ...DESIRED,
      tlsConnect: 2,
      tlsAccept: 2,
      tlsPskIdentity: 'nb-psk',
      tlsPsk: 'ab'.repeat(16),
      interfaces: [
        {
          kind: 'snmp',
          main: true,
          useIp: true,
          ip: '192.0.2.1',
          dns: '',
          port: 161,
          snmp: {
            version: 3,
            bulk: 1,
            maxRepetitions: 10,
            securityName: 'monitor',
            securityLevel: 2,
            authProtocol: 1,
            authPassphrase: 'auth-secret',
            privProtocol: 1,
            privPassphrase: 'priv-secret',
          },
        },
      ],
    };

    const text = JSON.stringify(compareHost('dcim.device:42', desired, ZABBIX));

    expect(text).toContain('snmp 192.0.2.1:161 (main, by IP, SNMPv3, authPriv)');
    expect(text).toContain('connect: PSK');
    for (const secret of ['ab'.repeat(16), 'auth-secret', 'priv-secret']) expect(text).not.toContain(secret);
  });
});
