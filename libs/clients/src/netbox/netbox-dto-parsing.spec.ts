import { loadNetboxFixture } from '@lib/testing';
import { parseNetboxCustomField } from './netbox-custom-field.dto';
import { parseNetboxDevice } from './netbox-device.dto';
import { parseNetboxInterface } from './netbox-interface.dto';
import { parseNetboxIpAddress } from './netbox-ip-address.dto';
import { parseChoice, parseNestedIpAddress, parseNestedTags } from './netbox-nested.dto';
import {
  parseNetboxStatus,
  parseNetboxVersion,
  supportsBearerTokens,
  supportsCursorPagination,
} from './netbox-status.dto';
import { parseNetboxTag } from './netbox-tag.dto';
import { parseNetboxVirtualMachineInterface } from './netbox-virtual-machine-interface.dto';
import { parseNetboxVirtualMachine } from './netbox-virtual-machine.dto';

type Json = Record<string, unknown>;

function results(fixture: string): Json[] {
  return loadNetboxFixture<{ results: Json[] }>(fixture).results;
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}

/** Device 101 as NetBox 3.6 renders it: `role` and `device_role`, nested serializers, bare `family`. */
function netbox36Device(): Json {
  const device = structuredClone(at(results('rest-dcim-devices-list.json'), 0));
  const role = {
    id: 4,
    url: 'http://netbox.local/api/dcim/device-roles/4/',
    display: 'Core Router',
    name: 'Core Router',
    slug: 'core-router',
  };
  const primaryIp = {
    id: 1201,
    url: 'http://netbox.local/api/ipam/ip-addresses/1201/',
    display: '192.0.2.10/24',
    family: 4,
    address: '192.0.2.10/24',
  };
  return {
    ...device,
    role,
    device_role: role,
    primary_ip: primaryIp,
    primary_ip4: primaryIp,
    last_updated: '2023-10-02T08:11:12.345678Z',
  };
}

/** The same device as NetBox 3.0–3.5 renders it: `device_role` only. */
function netbox35Device(): Json {
  const { role: _role, ...device } = netbox36Device();
  return device;
}

describe(parseNetboxDevice.name, () => {
  it('should read what the bridge needs when given a NetBox 4.6 device', () => {
    const device = parseNetboxDevice(at(results('rest-dcim-devices-list.json'), 0));

    expect(device).toMatchObject({
      objectType: 'dcim.device',
      id: 101,
      name: 'ams1-core-rtr01',
      display: 'ams1-core-rtr01',
      status: { value: 'active', label: 'Active' },
      site: { id: 3, name: 'AMS1', slug: 'ams1', display: 'AMS1' },
      role: { id: 4, name: 'Core Router', slug: 'core-router' },
      platform: { id: 5, name: 'Juniper Junos', slug: 'junos' },
      tenant: { id: 1, name: 'Acme Corp', slug: 'acme' },
      cluster: null,
      deviceType: { id: 7, name: 'MX204', slug: 'mx204' },
      primaryIp4: { id: 1201, address: '192.0.2.10/24', family: 4, dnsName: 'ams1-core-rtr01.example.net' },
      primaryIp6: null,
      tags: [{ id: 2, name: 'zabbix', slug: 'zabbix', color: '4caf50' }],
      customFields: { exclude_from_zabbix: false, zabbix_proxy: 'proxy-ams1' },
      description: '',
      serial: 'JN12AB34CDEF',
      created: '2026-08-20T09:12:41.230512Z',
      lastUpdated: '2026-08-20T09:14:03.401233Z',
    });
  });

  it('should keep every field of the answer when reading a device', () => {
    const raw = at(results('rest-dcim-devices-list.json'), 0);

    const device = parseNetboxDevice({ ...raw, cooling_mode: 'liquid' });

    expect(device?.raw).toMatchObject({ cooling_mode: 'liquid', config_context: raw.config_context });
  });

  it('should give no name but a display when the device is unnamed', () => {
    const device = parseNetboxDevice(at(results('rest-dcim-devices-list.json'), 2));

    expect(device).toMatchObject({
      id: 103,
      name: null,
      display: 'Juniper EX4300-48T (103)',
      platform: null,
    });
    expect(device?.status).toEqual({ value: 'offline', label: 'Offline' });
    expect(device?.customFields).toEqual({ exclude_from_zabbix: null, zabbix_proxy: null });
  });

  it('should read a device without primary IP or tags when they are null or empty', () => {
    const device = parseNetboxDevice(at(results('rest-dcim-devices-list.json'), 1));

    expect(device).toMatchObject({ id: 102, primaryIp4: null, tags: [], description: 'Row 1 access' });
  });

  it('should read devices when they come from a cursor page (no config_context)', () => {
    const devices = results('rest-dcim-devices-cursor-page.json').map(parseNetboxDevice);

    expect(devices.map((device) => device?.id)).toEqual([101, 102]);
    expect(devices[0]?.raw).not.toHaveProperty('config_context');
  });

  it('should read the few fields there are when given a brief device', () => {
    const device = parseNetboxDevice(at(results('rest-dcim-devices-list-brief.json'), 2));

    expect(device).toMatchObject({
      id: 103,
      name: null,
      status: null,
      site: null,
      tags: [],
      customFields: {},
    });
  });

  it('should read a device from a webhook body (relative URLs) the same way', () => {
    const webhook = loadNetboxFixture<{ data: Json }>('webhook-device-created.json');

    const device = parseNetboxDevice(webhook.data);

    expect(device?.id).toBe(webhook.data.id);
    expect(device?.objectType).toBe('dcim.device');
  });

  it('should take role from device_role when given a NetBox 3.0–3.5 device', () => {
    const device = parseNetboxDevice(netbox35Device());

    expect(device?.role).toEqual({ id: 4, name: 'Core Router', slug: 'core-router', display: 'Core Router' });
  });

  it('should read the nested 3.x primary IP (bare family, no dns_name) when given a NetBox 3.6 device', () => {
    const device = parseNetboxDevice(netbox36Device());

    expect(device?.role?.slug).toBe('core-router');
    expect(device?.primaryIp4).toEqual({ id: 1201, address: '192.0.2.10/24', family: 4, dnsName: null });
  });

  it.each([[null], ['device'], [[]], [{ name: 'no id' }], [{ id: 'abc' }], [{ id: 0 }], [{ id: 1.5 }]])(
    'should give undefined when the object has no usable id (%p)',
    (raw) => {
      expect(parseNetboxDevice(raw)).toBeUndefined();
    },
  );

  it('should accept a numeric string id when a proxy or plugin sends one', () => {
    expect(parseNetboxDevice({ id: '101' })?.id).toBe(101);
  });
});

describe(parseNetboxVirtualMachine.name, () => {
  it('should read cluster, tags and primary IP when given a NetBox 4.6 VM', () => {
    const machine = parseNetboxVirtualMachine(
      at(results('rest-virtualization-virtual-machines-list.json'), 0),
    );

    expect(machine).toMatchObject({
      objectType: 'virtualization.virtualmachine',
      id: 201,
      name: 'app-web01',
      role: { id: 8, slug: 'app-server' },
      cluster: { id: 2, name: 'ams1-vsphere-prod', slug: null },
      platform: { id: 11, slug: 'ubuntu-24-04' },
      device: null,
      primaryIp4: { id: 1301, address: '10.20.0.15/24', dnsName: 'app-web01.example.net' },
      customFields: { exclude_from_zabbix: false, zabbix_proxy: 'proxy-ams1' },
    });
    expect(machine?.tags.map((tag) => tag.slug)).toEqual(['zabbix', 'production']);
  });

  it('should read nulls when the VM has no role, platform or tenant', () => {
    const machine = parseNetboxVirtualMachine(
      at(results('rest-virtualization-virtual-machines-list.json'), 2),
    );

    expect(machine).toMatchObject({
      id: 203,
      role: null,
      platform: null,
      tenant: null,
      status: { value: 'planned' },
    });
  });
});

describe(parseNetboxInterface.name, () => {
  it('should read the device, type and flags when given a device interface', () => {
    const item = parseNetboxInterface(at(results('rest-dcim-interfaces-list.json'), 0));

    expect(item).toMatchObject({
      id: 5001,
      name: 'et-0/0/0',
      device: { id: 101, name: 'ams1-core-rtr01', slug: null },
      type: { value: '100gbase-x-qsfp28', label: 'QSFP28 (100GE)' },
      enabled: true,
      managementOnly: false,
      macAddress: '3C:8C:93:A1:00:01',
      mtu: 9192,
      description: 'uplink to ams1-core-rtr02',
    });
  });

  it('should read every interface of the fixture', () => {
    const names = results('rest-dcim-interfaces-list.json').map((raw) => parseNetboxInterface(raw)?.name);

    expect(names).toEqual(['et-0/0/0', 'fxp0', 'lo0']);
  });
});

describe(parseNetboxVirtualMachineInterface.name, () => {
  it('should read the virtual machine when given a VM interface', () => {
    const items = results('rest-virtualization-interfaces-list.json').map(parseNetboxVirtualMachineInterface);

    expect(items.map((item) => [item?.id, item?.virtualMachine?.id])).toEqual([
      [7001, 201],
      [7002, 201],
      [7003, 202],
    ]);
    expect(items[0]).toMatchObject({
      name: 'eth0',
      enabled: true,
      mtu: 1500,
      macAddress: '00:50:56:9A:10:01',
    });
  });
});

describe(parseNetboxIpAddress.name, () => {
  it('should read the assignment and DNS name when the IP is on a device interface', () => {
    const ip = parseNetboxIpAddress(at(results('rest-ipam-ip-addresses-list.json'), 0));

    expect(ip).toMatchObject({
      id: 1201,
      address: '192.0.2.10/24',
      family: 4,
      status: { value: 'active' },
      role: null,
      dnsName: 'ams1-core-rtr01.example.net',
      assignedObjectType: 'dcim.interface',
      assignedObjectId: 5001,
      assignedObject: { id: 5001, name: 'et-0/0/0', device: { id: 101 }, virtualMachine: null },
      customFields: { zabbix_interface: true },
    });
  });

  it('should read IPv6 and an empty DNS name when NetBox has none', () => {
    const ip = parseNetboxIpAddress(at(results('rest-ipam-ip-addresses-list.json'), 1));

    expect(ip).toMatchObject({ id: 1202, family: 6, dnsName: '' });
  });

  it('should read the virtual machine when the IP is on a VM interface', () => {
    const ip = parseNetboxIpAddress(at(results('rest-ipam-ip-addresses-list.json'), 2));

    expect(ip).toMatchObject({
      assignedObjectType: 'virtualization.vminterface',
      assignedObjectId: 7001,
      assignedObject: {
        id: 7001,
        name: 'eth0',
        device: null,
        virtualMachine: { id: 201, name: 'app-web01' },
      },
    });
  });

  it('should read no assignment when the IP is unassigned', () => {
    const raw = {
      ...at(results('rest-ipam-ip-addresses-list.json'), 0),
      assigned_object_type: null,
      assigned_object_id: null,
      assigned_object: null,
    };

    expect(parseNetboxIpAddress(raw)).toMatchObject({
      assignedObjectType: null,
      assignedObjectId: null,
      assignedObject: null,
    });
  });
});

describe(parseNetboxTag.name, () => {
  it('should read name, slug and colour when given the tag list', () => {
    const tags = results('rest-extras-tags-list.json').map(parseNetboxTag);

    expect(tags.map((tag) => [tag?.id, tag?.slug, tag?.color])).toEqual([
      [2, 'zabbix', '4caf50'],
      [5, 'production', 'f44336'],
    ]);
    expect(tags[0]).toMatchObject({ description: 'Monitor in Zabbix', objectTypes: [] });
  });
});

describe(parseNetboxCustomField.name, () => {
  it('should read name, label, type and object types when given a NetBox 4.6 custom field', () => {
    const fields = results('rest-extras-custom-fields-list.json').map(parseNetboxCustomField);

    expect(fields.map((field) => [field?.name, field?.type])).toEqual([
      ['exclude_from_zabbix', 'boolean'],
      ['zabbix_proxy', 'text'],
      ['zabbix_interface', 'boolean'],
    ]);
    expect(fields[0]).toMatchObject({
      label: 'Exclude from Zabbix',
      objectTypes: ['dcim.device', 'virtualization.virtualmachine'],
      required: false,
      defaultValue: null,
      groupName: 'Zabbix',
    });
  });

  it('should read content_types when given a NetBox 3.x custom field', () => {
    const { object_types: _objectTypes, ...raw } = at(results('rest-extras-custom-fields-list.json'), 0);

    const field = parseNetboxCustomField({ ...raw, content_types: ['dcim.device'], label: '' });

    expect(field).toMatchObject({ objectTypes: ['dcim.device'], label: 'exclude_from_zabbix' });
  });
});

describe(parseNetboxStatus.name, () => {
  it('should read the NetBox version when given /api/status/', () => {
    const status = parseNetboxStatus(loadNetboxFixture('rest-status.json'));

    expect(status).toMatchObject({
      netboxVersion: '4.6.8',
      version: { major: 4, minor: 6, patch: 8 },
      djangoVersion: '6.0.8',
      pythonVersion: '3.12.3',
      plugins: {},
      workersRunning: 1,
    });
  });

  it('should give undefined when the body has no netbox-version', () => {
    expect(parseNetboxStatus({ detail: 'Not found.' })).toBeUndefined();
  });
});

describe(parseNetboxVersion.name, () => {
  it.each([
    ['4.6.8', { major: 4, minor: 6, patch: 8 }],
    ['v3.7.8', { major: 3, minor: 7, patch: 8 }],
    ['4.7.0-beta1', { major: 4, minor: 7, patch: 0 }],
    ['4.2.2-Docker-3.2.0', { major: 4, minor: 2, patch: 2 }],
    ['4.5', { major: 4, minor: 5, patch: 0 }],
    ['unknown', null],
  ])('should parse %s', (text, version) => {
    expect(parseNetboxVersion(text)).toEqual(version);
  });

  it.each([
    ['4.5.9', false, true],
    ['4.6.0', true, true],
    ['4.4.10', false, false],
    ['5.0.0', true, true],
    ['3.7.8', false, false],
  ])('should tell the features of %s (cursor %s, bearer %s)', (text, cursor, bearer) => {
    const version = parseNetboxVersion(text);
    if (!version) throw new Error('unparsed');

    expect([supportsCursorPagination(version), supportsBearerTokens(version)]).toEqual([cursor, bearer]);
  });
});

describe(parseChoice.name, () => {
  it.each([
    [
      { value: 'active', label: 'Active' },
      { value: 'active', label: 'Active' },
    ],
    [
      { value: 4, label: 'IPv4' },
      { value: '4', label: 'IPv4' },
    ],
    ['active', { value: 'active', label: 'active' }],
    [null, null],
    [{ label: 'no value' }, null],
  ])('should read %p', (raw, choice) => {
    expect(parseChoice(raw)).toEqual(choice);
  });
});

describe(parseNestedIpAddress.name, () => {
  it('should infer the family from the address when the family is missing', () => {
    expect(parseNestedIpAddress({ id: 9, address: '2001:db8::1/64' })).toEqual({
      id: 9,
      address: '2001:db8::1/64',
      family: 6,
      dnsName: null,
    });
  });
});

describe(parseNestedTags.name, () => {
  it('should accept bare tag names when given snapshot-style tags', () => {
    expect(parseNestedTags(['zabbix', { name: 'production', slug: 'production' }, 42])).toEqual([
      { id: null, name: 'zabbix', slug: 'zabbix', color: null },
      { id: null, name: 'production', slug: 'production', color: null },
    ]);
  });
});
