import { deletionsAllowed, planImport, sameIds, type CachedRow, type ZabbixObject } from './import-plan';

const row = (id: number, name: string, zabbixId: string | null): CachedRow => ({ id, name, zabbixId });
const object = (zabbixId: string, name: string): ZabbixObject => ({ zabbixId, name });
const sameName = (left: CachedRow, right: ZabbixObject): boolean =>
  left.name === right.name && left.zabbixId === right.zabbixId;

describe('planImport', () => {
  it('should add new objects, update changed rows, keep unchanged ones and remove stale ones', () => {
    const plan = planImport(
      [row(1, 'Linux servers', '2'), row(2, 'Old name', '7'), row(3, 'Gone', '9')],
      [object('2', 'Linux servers'), object('7', 'New name'), object('12', 'Fresh')],
      sameName,
    );
    expect(plan.add).toEqual([object('12', 'Fresh')]);
    expect(plan.update).toEqual([{ row: row(2, 'Old name', '7'), object: object('7', 'New name') }]);
    expect(plan.unchanged.map((pair) => pair.row.id)).toEqual([1]);
    expect(plan.remove).toEqual([row(3, 'Gone', '9')]);
  });

  it('should adopt a row made for a mapping (no Zabbix id yet) by its name', () => {
    const plan = planImport([row(1, 'NetBox', null)], [object('30', 'NetBox')], sameName);
    expect(plan.update).toEqual([{ row: row(1, 'NetBox', null), object: object('30', 'NetBox') }]);
    expect(plan.add).toEqual([]);
    expect(plan.remove).toEqual([]);
  });

  it('should never remove a row no import has seen', () => {
    expect(planImport([row(1, 'NetBox', null)], [], sameName).remove).toEqual([]);
  });

  it('should adopt by name a row whose object was re-created in Zabbix under the same name', () => {
    const plan = planImport([row(1, 'Routers', '5')], [object('44', 'Routers')], sameName);
    expect(plan.update).toEqual([{ row: row(1, 'Routers', '5'), object: object('44', 'Routers') }]);
    expect(plan.remove).toEqual([]);
  });

  it('should remove everything when Zabbix has nothing', () => {
    expect(planImport([row(1, 'A', '1'), row(2, 'B', '2')], [], sameName).remove).toHaveLength(2);
  });
});

describe('deletionsAllowed', () => {
  it.each([
    [0, 3, false, true],
    [3, 3, false, true],
    [4, 3, false, false],
    [4, 3, true, true],
    [1, 0, false, false],
  ])(
    'should allow %p removals with max_deletions %p (confirmed %p): %p',
    (removals, max, confirmed, allowed) => {
      expect(deletionsAllowed(removals, max, confirmed)).toBe(allowed);
    },
  );
});

describe('sameIds', () => {
  it.each([
    [[], [], true],
    [['1', '2'], ['2', '1'], true],
    [['1'], ['1', '2'], false],
    [['1', '3'], ['1', '2'], false],
  ])('should compare %p and %p: %p', (left, right, expected) => {
    expect(sameIds(left, right)).toBe(expected);
  });
});
