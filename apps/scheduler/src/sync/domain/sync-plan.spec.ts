import { type DesiredHost } from '@lib/contracts';
import {
  desiredDifferences,
  planSync,
  removals,
  type IntendedChange,
  type KnownHost,
  type SyncAction,
} from './sync-plan';

const desired: DesiredHost = {
  host: 'web01',
  name: 'web01',
  status: 0,
  description: '',
  groups: ['NetBox'],
  templates: ['ICMP Ping'],
  interfaces: [{ kind: 'agent', main: true, useIp: true, ip: '192.0.2.1', dns: '', port: 10050 }],
  tags: [],
  inventoryMode: 0,
  inventory: {},
  monitoredBy: 'server',
  tlsConnect: 1,
  tlsAccept: 1,
};
const known: KnownHost = { hostid: '10600', desiredState: desired };

describe(planSync.name, () => {
  it.each([
    ['a host NetBox has that the bridge does not', null, { kind: 'desired', desired }, 'create', []],
    [
      'a host config never written to Zabbix',
      { hostid: null, desiredState: desired },
      { kind: 'desired', desired },
      'create',
      [],
    ],
    ['the same desired state', known, { kind: 'desired', desired }, 'unchanged', []],
    [
      'a new address and template',
      known,
      {
        kind: 'desired',
        desired: {
          ...desired,
          templates: ['Linux by Zabbix agent'],
          interfaces: [{ ...desired.interfaces[0], ip: '192.0.2.2' }],
        },
      },
      'update',
      ['templates', 'interfaces'],
    ],
    [
      'a status policy that disables',
      known,
      { kind: 'desired', desired: { ...desired, status: 1 } },
      'disable',
      ['status'],
    ],
    [
      'a disabled host enabled again',
      { ...known, desiredState: { ...desired, status: 1 } },
      { kind: 'desired', desired },
      'update',
      ['status'],
    ],
    ['an object gone from NetBox', known, { kind: 'remove' }, 'delete', []],
    ['an excluded object never in Zabbix', null, { kind: 'remove' }, 'absent', []],
    ['an object without a primary IP', known, { kind: 'hold' }, 'hold', []],
  ] as [string, KnownHost | null, IntendedChange, SyncAction, (keyof DesiredHost)[]][])(
    'should plan %s',
    (_case, current, change, action, differences) => {
      expect(planSync(current, change)).toEqual({ action, differences });
    },
  );
});

describe(desiredDifferences.name, () => {
  it('should name a field present on one side only', () => {
    expect(desiredDifferences(desired, { ...desired, proxy: 'p1' })).toEqual(['proxy']);
  });
});

describe(removals.name, () => {
  it('should count deletes and disables only', () => {
    expect(
      removals([
        { action: 'delete', differences: [] },
        { action: 'disable', differences: ['status'] },
        { action: 'update', differences: ['tags'] },
        { action: 'create', differences: [] },
      ]),
    ).toBe(2);
  });
});
