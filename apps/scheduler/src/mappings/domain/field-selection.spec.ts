import { inventorySelectionProblems, tagSelectionProblems } from './field-selection';

describe(tagSelectionProblems.name, () => {
  it.each<[string, unknown, string[]]>([
    [
      'a right selection',
      [
        ['Site', 'site.name'],
        ['NetBox tag', 'tags'],
        ['Owner', 'custom_fields.owner'],
      ],
      [],
    ],
    ['an empty one', [], []],
    ['no array', { Site: 'site.name' }, ['must be an array of [tag name, field path]']],
    ['an entry of one element', [['Site']], ['[0] must be [tag name, field path]']],
    ['an empty tag name', [['', 'site.name']], ['[0][0] must be a tag name (1 to 255 characters)']],
    ['a bad path', [['Site', 'site name']], ['[0][1] must be a NetBox field path such as site.name']],
    [
      'a path with a leading dot',
      [['Site', '.site']],
      ['[0][1] must be a NetBox field path such as site.name'],
    ],
  ])('should find the problems of %s', (_case, selection, problems) => {
    expect(tagSelectionProblems(selection)).toEqual(problems);
  });
});

describe(inventorySelectionProblems.name, () => {
  it.each<[string, unknown, string[]]>([
    [
      'a right selection',
      [
        ['Platform', 'os', ['platform.name']],
        ['Where', 'location', ['location.name', 'site.name']],
      ],
      [],
    ],
    [
      'an unknown inventory field',
      [['Platform', 'operating_system', ['platform.name']]],
      ['[0][1] must be a Zabbix inventory field such as os or location'],
    ],
    [
      'a field mapped twice',
      [
        ['A', 'os', ['a']],
        ['B', 'os', ['b']],
      ],
      ['[1][1] os is mapped twice'],
    ],
    ['no paths', [['Platform', 'os', []]], ['[0][2] must be 1 to 10 NetBox field paths such as site.name']],
    [
      'a path not in a list',
      [['Platform', 'os', 'platform.name']],
      ['[0][2] must be 1 to 10 NetBox field paths such as site.name'],
    ],
    ['a pair', [['Platform', 'os']], ['[0] must be [name, inventory field, [field paths]]']],
  ])('should find the problems of %s', (_case, selection, problems) => {
    expect(inventorySelectionProblems(selection)).toEqual(problems);
  });
});
