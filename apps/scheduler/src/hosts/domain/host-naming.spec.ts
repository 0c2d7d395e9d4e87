import { duplicateHostName, duplicateHostNames, type NamedObject } from './host-naming';

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
