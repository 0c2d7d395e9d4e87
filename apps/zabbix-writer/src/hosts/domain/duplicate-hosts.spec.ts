import { type ZabbixHost } from '@lib/clients';
import { splitTwins } from './duplicate-hosts';

function host(hostid: string): ZabbixHost {
  return {
    hostid,
    host: 'web01',
    name: `Web 01 ${hostid}`,
    status: 0,
    description: '',
    monitoring: { monitoredBy: 'server' },
    tlsConnect: 1,
    tlsAccept: 1,
    inventoryMode: -1,
    inventory: {},
    interfaces: [],
    templates: [],
    groups: [],
    tags: [],
  };
}

describe(splitTwins.name, () => {
  it.each([
    [[], undefined, []],
    [['10600'], '10600', []],
    [['10601', '10600'], '10600', ['10601']],
    [['10700', '9999', '10600'], '9999', ['10600', '10700']],
  ])('should keep the smallest id of %j', (hostids, keeper, extras) => {
    const twins = splitTwins(hostids.map(host));

    expect(twins?.keeper.hostid).toBe(keeper);
    expect(twins?.extras.map((item) => item.hostid) ?? []).toEqual(extras);
  });
});
