import {
  hasTargets,
  resolveTargetHostids,
  type MaintenanceTargets,
  type TargetableHost,
} from './maintenance-targets';

const NONE: MaintenanceTargets = {
  hostConfigs: [],
  sites: [],
  clusters: [],
  hostGroups: [],
  proxies: [],
  proxyGroups: [],
};

function host(id: number, overrides: Partial<TargetableHost> = {}): TargetableHost {
  return {
    id,
    hostid: String(10_000 + id),
    siteId: null,
    clusterId: null,
    proxyId: null,
    proxyGroupId: null,
    hostGroupIds: [],
    ...overrides,
  };
}

const HOSTS: readonly TargetableHost[] = [
  host(1, { siteId: 100, hostGroupIds: [7, 8] }),
  host(2, { siteId: 100, proxyId: 30 }),
  host(3, { siteId: 101, clusterId: 500, proxyGroupId: 40 }),
  host(4, { clusterId: 500, hostGroupIds: [8] }),
  host(5, { hostid: null, siteId: 100, clusterId: 500, proxyId: 30, proxyGroupId: 40, hostGroupIds: [7] }),
];

describe('resolveTargetHostids', () => {
  it.each<[string, Partial<MaintenanceTargets>, string[]]>([
    ['nothing targeted', {}, []],
    ['host configs directly', { hostConfigs: [1, 3] }, ['10001', '10003']],
    ['a site', { sites: [100] }, ['10001', '10002']],
    ['a cluster', { clusters: [500] }, ['10003', '10004']],
    ['a host group', { hostGroups: [8] }, ['10001', '10004']],
    ['a proxy', { proxies: [30] }, ['10002']],
    ['a proxy group', { proxyGroups: [40] }, ['10003']],
    [
      'overlapping targets, each host once',
      { hostConfigs: [1], sites: [100], hostGroups: [7, 8] },
      ['10001', '10002', '10004'],
    ],
    ['only a host not in Zabbix', { hostConfigs: [5] }, []],
    ['unknown ids', { sites: [999], hostGroups: [999], proxies: [999] }, []],
  ])('should resolve %s', (_name, targets, expected) => {
    expect(resolveTargetHostids({ ...NONE, ...targets }, HOSTS)).toEqual(expected);
  });
});

describe('hasTargets', () => {
  it.each<[Partial<MaintenanceTargets>, boolean]>([
    [{}, false],
    [{ sites: [1] }, true],
    [{ proxyGroups: [1] }, true],
  ])('should say whether %j targets anything', (targets, expected) => {
    expect(hasTargets({ ...NONE, ...targets })).toBe(expected);
  });
});
