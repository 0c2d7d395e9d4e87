import { type ZabbixMaintenance } from '@lib/clients';
import { maintenancesEmptiedBy } from './maintenance-plan';

function maintenance(maintenanceid: string, hostids: string[], groupids: string[] = []): ZabbixMaintenance {
  return { maintenanceid, name: `m${maintenanceid}`, hostids, groupids };
}

describe(maintenancesEmptiedBy.name, () => {
  it.each<[string, ZabbixMaintenance[], string[]]>([
    ['no maintenance', [], []],
    ['the only member', [maintenance('1', ['10600'])], ['1']],
    ['one of two hosts', [maintenance('1', ['10600', '10601'])], []],
    ['the only host, with host groups', [maintenance('1', ['10600'], ['20'])], []],
    ['a maintenance without this host', [maintenance('1', ['10601'])], []],
    [
      'several maintenances',
      [maintenance('1', ['10600']), maintenance('2', ['10600', '10601']), maintenance('3', ['10600'])],
      ['1', '3'],
    ],
  ])('should pick %s', (_case, maintenances, expected) => {
    expect(maintenancesEmptiedBy('10600', maintenances).map((item) => item.maintenanceid)).toEqual(expected);
  });
});
