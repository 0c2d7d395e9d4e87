import { type DesiredHost } from '@lib/contracts';
import { type ZabbixHost } from '@lib/clients';
import { buildHostFields, buildHostUpdate, type ResolvedReferences } from './host-fields';

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
  tlsConnect: 2,
  tlsAccept: 2,
  tlsPskIdentity: 'web01',
  tlsPsk: '0123456789abcdef0123456789abcdef',
};
const references: ResolvedReferences = {
  groupids: ['20'],
  templateids: ['10186'],
  monitoring: { monitoredBy: 'server' },
};

describe(buildHostFields.name, () => {
  it('should carry every desired field into host.create', () => {
    expect(buildHostFields(desired, references, 'dcim.device:7')).toEqual({
      host: 'web01',
      name: 'Web 01',
      status: 0,
      description: 'd',
      groupids: ['20'],
      templateids: ['10186'],
      interfaces: [{ type: 1, main: true, useIp: true, ip: '10.0.0.2', dns: '', port: '10050' }],
      tags: [
        { tag: 'site', value: 'ams1' },
        { tag: 'netbox-object', value: 'dcim.device:7' },
      ],
      inventoryMode: 0,
      inventory: { serialno_a: 'SN1' },
      monitoring: { monitoredBy: 'server' },
      tls: { connect: 2, accept: 2, pskIdentity: 'web01', psk: '0123456789abcdef0123456789abcdef' },
    });
  });
});

describe(buildHostUpdate.name, () => {
  const existing: ZabbixHost = {
    hostid: '10600',
    host: 'web01-old',
    name: 'Web 01',
    status: 0,
    description: '',
    monitoring: { monitoredBy: 'server' },
    tlsConnect: 1,
    tlsAccept: 1,
    inventoryMode: 0,
    inventory: {},
    interfaces: [
      { interfaceid: '15', type: 1, main: true, useIp: true, ip: '10.0.0.1', dns: '', port: '10050' },
    ],
    templates: [{ templateid: '10001', name: 'Linux by Zabbix agent' }],
    groups: [{ groupid: '2', name: 'Linux servers' }],
    tags: [{ tag: 'old', value: '' }],
  };

  it('should rename, keep interface ids, replace groups and tags and clear unwanted templates', () => {
    expect(buildHostUpdate(existing, desired, references, 'dcim.device:7')).toEqual({
      hostid: '10600',
      host: 'web01',
      status: 0,
      description: 'd',
      groupids: ['20'],
      templateids: ['10186'],
      templateidsToClear: ['10001'],
      interfaces: [
        { interfaceid: '15', type: 1, main: true, useIp: true, ip: '10.0.0.2', dns: '', port: '10050' },
      ],
      tags: [
        { tag: 'site', value: 'ams1' },
        { tag: 'netbox-object', value: 'dcim.device:7' },
      ],
      inventoryMode: 0,
      inventory: { serialno_a: 'SN1' },
      monitoring: { monitoredBy: 'server' },
      tls: { connect: 2, accept: 2, pskIdentity: 'web01', psk: '0123456789abcdef0123456789abcdef' },
    });
  });

  it.each([
    ['nothing renamed', { host: 'web01', name: 'Web 01' }, {}],
    ['the technical name changed', { host: 'web01-old', name: 'Web 01' }, { host: 'web01' }],
    ['the visible name changed', { host: 'web01', name: 'Old' }, { name: 'Web 01' }],
    ['both changed', { host: 'a', name: 'b' }, { host: 'web01', name: 'Web 01' }],
  ])('should send names only when they change: %s', (_case, names, expected) => {
    const update = buildHostUpdate({ ...existing, ...names }, desired, references, 'dcim.device:7');

    expect({ host: update.host, name: update.name }).toEqual({
      host: undefined,
      name: undefined,
      ...expected,
    });
  });
});
