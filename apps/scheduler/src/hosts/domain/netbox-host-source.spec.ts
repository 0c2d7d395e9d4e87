import { loadNetboxFixture } from '@lib/testing';
import { parseNetboxHostSource, readFieldPath } from './netbox-host-source';

type Webhook = { data: Record<string, unknown> };

describe(parseNetboxHostSource.name, () => {
  it('should read a NetBox 4.6 device with its primary IPv4 and DNS name', () => {
    const { data } = loadNetboxFixture<Webhook>('webhook-device-updated.json');
    const source = parseNetboxHostSource('dcim.device', data);
    expect(source).toMatchObject({
      id: 101,
      name: 'ams1-core-rtr01',
      status: 'active',
      site: { id: 3, name: 'AMS1' },
      role: { id: 4, name: 'Core Router' },
      platform: { id: 5, name: 'Juniper Junos' },
      primaryIp4: { id: 1201, address: '192.0.2.10', dnsName: 'ams1-core-rtr01.example.net' },
      tags: ['zabbix'],
    });
    expect(source.lastUpdated).toBeInstanceOf(Date);
  });

  it('should read a virtual machine with its cluster', () => {
    const { data } = loadNetboxFixture<Webhook>('webhook-virtualmachine-created.json');
    const source = parseNetboxHostSource('virtualization.virtualmachine', data);
    expect(source).toMatchObject({ id: 203, name: 'k8s-node01', status: 'planned', primaryIp4: null });
    expect(source.cluster?.id).toBe(2);
  });

  it.each([
    ['an unnamed device', { id: 103, name: null }, { name: null }],
    ['a blank name', { id: 103, name: '  ' }, { name: null }],
    [
      'a NetBox 3.0–3.5 device_role',
      { id: 7, device_role: { id: 9, name: 'Leaf', slug: 'leaf' } },
      { role: { id: 9, name: 'Leaf', slug: 'leaf' } },
    ],
    [
      'a 3.x bare status and integer family',
      { id: 7, status: 'offline', primary_ip4: { id: 5, family: 4, address: '10.0.0.1/8' } },
      { status: 'offline', primaryIp4: { id: 5, address: '10.0.0.1', dnsName: '' } },
    ],
    [
      'a 3.x timestamp with a space',
      { id: 7, last_updated: '2023-05-01 10:00:00.000000+00:00' },
      { lastUpdated: new Date('2023-05-01T10:00:00.000Z') },
    ],
  ])('should read %s', (_case, data, expected) => {
    expect(parseNetboxHostSource('dcim.device', data)).toMatchObject(expected);
  });

  it('should refuse an object without an id', () => {
    expect(() => parseNetboxHostSource('dcim.device', { name: 'x' })).toThrow(TypeError);
  });
});

describe(readFieldPath.name, () => {
  const { data } = loadNetboxFixture<Webhook>('webhook-device-updated.json');

  it.each([
    ['name', 'ams1-core-rtr01'],
    ['site.name', 'AMS1'],
    ['site', 'AMS1'],
    ['device_type.manufacturer.name', 'Juniper'],
    ['status', 'active'],
    ['serial', 'JN12AB34CDEF'],
    ['location.name', undefined],
    ['no.such.path', undefined],
    ['tags', undefined],
  ])('should read %s', (path, expected) => {
    expect(readFieldPath(data, path)).toBe(expected);
  });
});
