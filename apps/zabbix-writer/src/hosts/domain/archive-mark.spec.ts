import { HOST_ARCHIVED_TAG, HOST_IDENTITY_TAG } from '@lib/contracts';
import { type ZabbixTag } from '@lib/clients';
import { archiveMark, archivedFrom, foundHostOperation, withArchiveMark } from './archive-mark';

const IDENTITY: ZabbixTag = { tag: HOST_IDENTITY_TAG, value: 'dcim.device:42' };
const SITE: ZabbixTag = { tag: 'Site', value: 'Paris' };

describe(withArchiveMark.name, () => {
  it.each<[string, ZabbixTag[], string, ZabbixTag[]]>([
    ['no tags', [], 'sw1', [archiveMark('sw1')]],
    ['keeping the identity tag', [IDENTITY, SITE], 'sw1', [IDENTITY, SITE, archiveMark('sw1')]],
    [
      'replacing an earlier mark',
      [IDENTITY, { tag: HOST_ARCHIVED_TAG, value: 'old-name' }],
      'sw1',
      [IDENTITY, archiveMark('sw1')],
    ],
  ])('should mark a host with %s', (_case, tags, original, expected) => {
    expect(withArchiveMark(tags, original)).toEqual(expected);
  });
});

describe(archivedFrom.name, () => {
  it.each<[ZabbixTag[], string | undefined]>([
    [[], undefined],
    [[IDENTITY, SITE], undefined],
    [[IDENTITY, { tag: 'netbox-archived-by-hand', value: 'x' }], undefined],
    [[IDENTITY, archiveMark('sw1')], 'sw1'],
    [[archiveMark('')], ''],
  ])('should read %j as archived from %j', (tags, expected) => {
    expect(archivedFrom(tags)).toBe(expected);
  });
});

describe(foundHostOperation.name, () => {
  const archived = [IDENTITY, archiveMark('sw1')];
  it.each<[Parameters<typeof foundHostOperation>[0], ZabbixTag[], boolean, string]>([
    ['id', [IDENTITY], false, 'updated'],
    ['identity', [IDENTITY], false, 'updated'],
    ['name', [], false, 'adopted'],
    ['id', archived, false, 'restored'],
    ['identity', archived, false, 'restored'],
    // A host by name carries no identity of ours: it is adopted, whatever it says.
    ['name', [archiveMark('sw1')], false, 'adopted'],
    ['identity', archived, true, 'checked'],
    ['id', [IDENTITY], true, 'checked'],
  ])(
    'should call a host found by %s with tags %j (check only: %s) %s',
    (foundBy, tags, checkOnly, expected) => {
      expect(foundHostOperation(foundBy, tags, checkOnly)).toBe(expected);
    },
  );
});
