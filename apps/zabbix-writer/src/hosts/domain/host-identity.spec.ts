import { ownershipOf, withIdentityTag } from './host-identity';

const identity = (value: string) => ({ tag: 'netbox-object', value });

describe(ownershipOf.name, () => {
  it.each([
    ['no tags at all', [], { kind: 'unclaimed' }],
    ['only other tags', [{ tag: 'site', value: 'ams1' }], { kind: 'unclaimed' }],
    ['our identity', [identity('dcim.device:7')], { kind: 'ours' }],
    ['a device of another id', [identity('dcim.device:8')], { kind: 'foreign', owner: 'dcim.device:8' }],
    [
      'a VM of the same id',
      [identity('virtualization.virtualmachine:7')],
      { kind: 'foreign', owner: 'virtualization.virtualmachine:7' },
    ],
    [
      'ours among others (tagged twice by hand)',
      [identity('dcim.device:8'), identity('dcim.device:7')],
      { kind: 'ours' },
    ],
    [
      'a tag of that value under another name',
      [{ tag: 'object', value: 'dcim.device:8' }],
      { kind: 'unclaimed' },
    ],
  ])('should read %s', (_case, tags, expected) => {
    expect(ownershipOf(tags, 'dcim.device:7')).toEqual(expected);
  });
});

describe(withIdentityTag.name, () => {
  it.each([
    ['no tags', [], [identity('dcim.device:7')]],
    [
      'mapped tags, kept in order',
      [
        { tag: 'site', value: 'a' },
        { tag: 'role', value: 'b' },
      ],
      [{ tag: 'site', value: 'a' }, { tag: 'role', value: 'b' }, identity('dcim.device:7')],
    ],
    [
      'a mapped tag that uses the reserved name',
      [identity('spoofed'), { tag: 'site', value: 'a' }],
      [{ tag: 'site', value: 'a' }, identity('dcim.device:7')],
    ],
  ])('should add the identity to %s', (_case, tags, expected) => {
    expect(withIdentityTag(tags, 'dcim.device:7')).toEqual(expected);
  });
});
