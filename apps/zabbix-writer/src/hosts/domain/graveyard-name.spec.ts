import { PermanentError } from '@lib/contracts';
import { type ZabbixHost } from '@lib/clients';
import {
  archiveSearchPrefix,
  archivedName,
  isArchived,
  isArchivedName,
  MAX_HOST_NAME_LENGTH,
  pickArchivedNames,
} from './graveyard-name';

const LONG = 'x'.repeat(MAX_HOST_NAME_LENGTH);

describe(archivedName.name, () => {
  it.each([
    ['web01', '_archived', 1, 'web01_archived'],
    ['web01', '_archived', 2, 'web01_archived-2'],
    ['web01', '_archived', 13, 'web01_archived-13'],
    ['web01', '', 1, 'web01'],
    ['web01', '', 3, 'web01-3'],
    [LONG, '_archived', 1, `${'x'.repeat(MAX_HOST_NAME_LENGTH - 9)}_archived`],
    [LONG, '_archived', 2, `${'x'.repeat(MAX_HOST_NAME_LENGTH - 11)}_archived-2`],
  ])('should name %s + %j #%i as %s', (original, suffix, counter, expected) => {
    const name = archivedName(original, suffix, counter);

    expect(name).toBe(expected);
    expect(name.length).toBeLessThanOrEqual(MAX_HOST_NAME_LENGTH);
  });
});

describe(archiveSearchPrefix.name, () => {
  it.each([
    ['web01', '_archived'],
    [LONG, '_archived'],
    ['y'.repeat(120), '_archived'],
  ])('should be a prefix of every candidate for %s', (original, suffix) => {
    const prefix = archiveSearchPrefix(original, suffix);

    for (const counter of [1, 2, 10, 999, 99_999]) {
      expect(archivedName(original, suffix, counter).startsWith(prefix)).toBe(true);
    }
  });
});

describe(isArchivedName.name, () => {
  it.each([
    ['web01_archived', 'web01', '_archived', true],
    ['web01_archived-2', 'web01', '_archived', true],
    ['web01_archived-17', 'web01', '_archived', true],
    ['web01', 'web01', '_archived', false],
    ['web01_archived_archived', 'web01', '_archived', false],
    ['web01_archived-1', 'web01', '_archived', false],
    ['web01-2_archived', 'web01-2', '_archived', true],
    ['web02_archived', 'web01', '_archived', false],
    ['web01', 'web01', '', true],
    [`${'x'.repeat(MAX_HOST_NAME_LENGTH - 11)}_archived-2`, LONG, '_archived', true],
  ])('should tell whether %s is a graveyard name of %s (%j): %s', (current, original, suffix, expected) => {
    expect(isArchivedName(current, original, suffix)).toBe(expected);
  });
});

describe(pickArchivedNames.name, () => {
  const host = { hostid: '10600', host: 'web01', name: 'Web 01' };
  const other = (
    hostid: string,
    technical: string,
    visible: string,
  ): { hostid: string; host: string; name: string } => ({
    hostid,
    host: technical,
    name: visible,
  });

  it.each([
    ['no clash', [], { host: 'web01_archived', name: 'Web 01_archived' }],
    [
      'the first name taken',
      [other('1', 'web01_archived', 'x')],
      { host: 'web01_archived-2', name: 'Web 01_archived-2' },
    ],
    [
      'the first two taken',
      [other('1', 'web01_archived', 'a'), other('2', 'web01_archived-2', 'b')],
      { host: 'web01_archived-3', name: 'Web 01_archived-3' },
    ],
    [
      'only the visible name taken',
      [other('1', 'z', 'Web 01_archived')],
      { host: 'web01_archived-2', name: 'Web 01_archived-2' },
    ],
    [
      'a gap in the counter',
      [other('1', 'web01_archived', 'a'), other('3', 'web01_archived-3', 'c')],
      { host: 'web01_archived-2', name: 'Web 01_archived-2' },
    ],
    [
      'its own names do not count',
      [other('10600', 'web01_archived', 'Web 01_archived')],
      { host: 'web01_archived', name: 'Web 01_archived' },
    ],
  ])('should pick with %s', (_case, taken, expected) => {
    expect(pickArchivedNames(host, '_archived', taken)).toEqual(expected);
  });

  it('should fail permanently when every counter is taken', () => {
    const taken = Array.from({ length: 100_000 }, (_, index) =>
      other(`other-${index}`, archivedName('web01', '_archived', index + 1), `v${index}`),
    );

    expect(() => pickArchivedNames(host, '_archived', taken)).toThrow(PermanentError);
  });
});

describe(isArchived.name, () => {
  const graveyard = { group: 'graveyard', suffix: '_archived' };
  const archived: ZabbixHost = {
    hostid: '10600',
    host: 'web01_archived-2',
    name: 'Web 01_archived-2',
    status: 1,
    description: '',
    monitoring: { monitoredBy: 'server' },
    tlsConnect: 1,
    tlsAccept: 1,
    inventoryMode: -1,
    inventory: {},
    interfaces: [],
    templates: [],
    groups: [{ groupid: '30', name: 'graveyard' }],
    tags: [],
  };

  it.each<[string, Partial<ZabbixHost>, boolean]>([
    ['an archived host', {}, true],
    ['a host still enabled', { status: 0 }, false],
    [
      'a host in another group too',
      {
        groups: [
          { groupid: '30', name: 'graveyard' },
          { groupid: '2', name: 'Linux' },
        ],
      },
      false,
    ],
    ['a host in another group', { groups: [{ groupid: '2', name: 'Linux' }] }, false],
    ['a host not renamed', { host: 'web01' }, false],
  ])('should tell whether %s is archived', (_case, overrides, expected) => {
    expect(isArchived({ ...archived, ...overrides }, 'web01', graveyard)).toBe(expected);
  });
});
