import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DesiredHost } from './desired-host.dto';

const valid = {
  host: 'rtr01',
  name: 'rtr01',
  status: 0,
  description: '',
  groups: ['NetBox'],
  templates: ['ICMP Ping'],
  interfaces: [{ kind: 'agent', main: true, useIp: true, ip: '192.0.2.1', dns: '', port: 10050 }],
  tags: [],
  inventoryMode: 0,
  inventory: {},
  monitoredBy: 'server',
  tlsConnect: 1,
  tlsAccept: 1,
};

const snmpv3 = {
  kind: 'snmp',
  main: true,
  useIp: true,
  ip: '192.0.2.1',
  dns: '',
  port: 161,
  snmp: { version: 3, bulk: 1, maxRepetitions: 10, securityLevel: 2, authProtocol: 1, privProtocol: 1 },
};

function problems(overrides: Record<string, unknown>): string[] {
  const errors = validateSync(plainToInstance(DesiredHost, { ...valid, ...overrides }), { whitelist: true });
  return errors.map((error) => error.property);
}

describe(DesiredHost.name, () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a valid agent host', {}, []],
    ['an SNMPv3 interface with its details', { interfaces: [snmpv3] }, []],
    ['an SNMP interface without details', { interfaces: [{ ...snmpv3, snmp: undefined }] }, ['interfaces']],
    [
      'an SNMP security level out of range',
      { interfaces: [{ ...snmpv3, snmp: { ...snmpv3.snmp, securityLevel: 7 } }] },
      ['interfaces'],
    ],
    ['no host group', { groups: [] }, ['groups']],
    ['the same group twice', { groups: ['NetBox', 'NetBox'] }, ['groups']],
    [
      'a PSK of 32 hex digits',
      { tlsConnect: 2, tlsAccept: 2, tlsPskIdentity: 'nb', tlsPsk: 'a'.repeat(32) },
      [],
    ],
    ['a PSK that is too short', { tlsPsk: 'abcd' }, ['tlsPsk']],
    ['a PSK that is not hex', { tlsPsk: 'z'.repeat(32) }, ['tlsPsk']],
    ['a proxy group monitor', { monitoredBy: 'proxy_group', proxyGroup: 'ams' }, []],
    ['an unknown monitor', { monitoredBy: 'satellite' }, ['monitoredBy']],
  ])('should judge %s', (_case, overrides, expected) => {
    expect(problems(overrides)).toEqual(expected);
  });
});
