import {
  assignHostNames,
  duplicateHostName,
  duplicateHostNames,
  type NameRequest,
  type NamedObject,
} from './host-naming';

const device: NamedObject = { name: 'core-sw1', objectType: 'dcim.device', objectId: 42, site: 'ams1' };
const vm: NamedObject = {
  name: 'core-sw1',
  objectType: 'virtualization.virtualmachine',
  objectId: 42,
  site: null,
};

describe(duplicateHostName.name, () => {
  it.each([
    ['the default pattern, a device', '{name}-{type}-{id}', device, 'core-sw1-device-42'],
    ['the default pattern, a VM of the same id', '{name}-{type}-{id}', vm, 'core-sw1-vm-42'],
    ['a site pattern', '{name} ({site}) {id}', device, 'core-sw1 (ams1) 42'],
    ['a site pattern on an object without a site', '{name} ({site}) {id}', vm, 'core-sw1 () 42'],
    ['a pattern without {id}: -{id} is appended', '{name}.{site}', device, 'core-sw1.ams1-42'],
    ['repeated placeholders', '{id}-{name}-{id}', device, '42-core-sw1-42'],
    ['unknown braces left alone', '{name}-{tenant}-{id}', device, 'core-sw1-{tenant}-42'],
  ])('should expand %s', (_case, pattern, object, expected) => {
    expect(duplicateHostName(pattern, object)).toBe(expected);
  });
});

describe(duplicateHostNames.name, () => {
  it('should make the technical name safe for Zabbix and keep the visible one as written', () => {
    expect(duplicateHostNames('{name} ({site}) {id}', { ...device, name: 'rtr/1' })).toEqual({
      host: 'rtr_1 _ams1_ 42',
      name: 'rtr/1 (ams1) 42',
    });
  });

  it('should keep both names within 128 characters', () => {
    const names = duplicateHostNames('{name}-{type}-{id}', { ...device, name: 'x'.repeat(200) });

    expect(names.host).toHaveLength(128);
    expect(names.name).toHaveLength(128);
  });
});

describe(assignHostNames.name, () => {
  const request = (
    key: string,
    host: string,
    objectId: number,
    objectType = device.objectType,
  ): NameRequest => ({
    key,
    host,
    name: host,
    objectType,
    objectId,
    site: null,
  });
  const pattern = '{name}-{type}-{id}';

  it.each([
    ['a free name', [request('dcim.device:1', 'a', 1)], [], [{ host: 'a', collision: null }]],
    [
      'a name this object already holds',
      [request('dcim.device:1', 'a', 1)],
      [['a', 'dcim.device:1']],
      [{ host: 'a', collision: null }],
    ],
    [
      'a name another object holds',
      [request('dcim.device:2', 'a', 2)],
      [['a', 'dcim.device:1']],
      [
        {
          host: 'a-device-2',
          collision: '"a" is held in Zabbix by dcim.device:1; this host is "a-device-2"',
        },
      ],
    ],
    [
      'two of one name in one batch: the first keeps it',
      [
        request('dcim.device:1', 'a', 1),
        request('virtualization.virtualmachine:1', 'a', 1, 'virtualization.virtualmachine'),
      ],
      [],
      [
        { host: 'a', collision: null },
        { host: 'a-vm-1', collision: '"a" is held in Zabbix by dcim.device:1; this host is "a-vm-1"' },
      ],
    ],
    [
      'the pattern name this object already holds',
      [request('dcim.device:2', 'a', 2)],
      [
        ['a', 'dcim.device:1'],
        ['a-device-2', 'dcim.device:2'],
      ],
      [
        {
          host: 'a-device-2',
          collision: '"a" is held in Zabbix by dcim.device:1; this host is "a-device-2"',
        },
      ],
    ],
  ])('should assign %s', (_case, requests, held, expected) => {
    const assigned = assignHostNames(requests, new Map(held as [string, string][]), pattern);

    expect(
      assigned.map((assignment) =>
        assignment.kind === 'assigned'
          ? { host: assignment.names.host, collision: assignment.collision }
          : assignment,
      ),
    ).toEqual(expected);
  });

  it('should refuse when both the plain and the pattern name are held by others', () => {
    const [assignment] = assignHostNames(
      [request('dcim.device:2', 'a', 2)],
      new Map([
        ['a', 'dcim.device:1'],
        ['a-device-2', 'dcim.device:3'],
      ]),
      pattern,
    );

    expect(assignment).toEqual({
      kind: 'unavailable',
      reason:
        'dcim.device:2: "a" is held by dcim.device:1 and "a-device-2" by dcim.device:3; change the duplicate name pattern',
    });
  });
});
