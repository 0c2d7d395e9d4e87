import { type ZabbixHost } from '@lib/clients';
import { locateAmong, type HostCandidates, type HostLookupRequest } from './host-location';

function host(hostid: string, name: string, owner?: string): ZabbixHost {
  return {
    hostid,
    host: name,
    name,
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
    tags: owner === undefined ? [] : [{ tag: 'netbox-object', value: owner }],
  };
}

const ours = 'dcim.device:1';
const other = 'dcim.device:2';
const mineById = host('101', 'web01', ours);
const mineRenamed = host('102', 'web01-by-hand', ours);
const handMade = host('103', 'web01');
const othersNamesake = host('104', 'web01', other);
const othersById = host('105', 'db01', other);

describe(locateAmong.name, () => {
  it.each<[string, Partial<HostLookupRequest>, Partial<HostCandidates>, object]>([
    ['nothing, when no host matches', {}, {}, { kind: 'none' }],
    [
      'its host by id',
      { hostid: '101' },
      { byId: [mineById], byName: [handMade] },
      { kind: 'found', host: mineById, foundBy: 'id' },
    ],
    [
      'its host by identity when the known id is gone',
      { hostid: '999' },
      { byId: [mineById], byIdentity: [mineRenamed] },
      {
        kind: 'found',
        host: mineRenamed,
        foundBy: 'identity',
      },
    ],
    [
      'its host by identity before one by name',
      {},
      { byIdentity: [mineRenamed], byName: [handMade] },
      {
        kind: 'found',
        host: mineRenamed,
        foundBy: 'identity',
      },
    ],
    [
      'only its own identity among those read for a batch',
      {},
      { byIdentity: [othersById, mineRenamed] },
      {
        kind: 'found',
        host: mineRenamed,
        foundBy: 'identity',
      },
    ],
    [
      'the oldest of its hosts by identity, the younger ones as twins to delete',
      {},
      { byIdentity: [mineRenamed, host('110', 'web01', ours), host('111', 'web01', ours)] },
      {
        kind: 'found',
        host: mineRenamed,
        foundBy: 'identity',
        twins: [host('110', 'web01', ours), host('111', 'web01', ours)],
      },
    ],
    [
      "no twins from another object's hosts read for the same batch",
      {},
      { byIdentity: [mineRenamed, othersNamesake] },
      { kind: 'found', host: mineRenamed, foundBy: 'identity' },
    ],
    [
      'a host made by hand, by name, to adopt',
      {},
      { byName: [handMade] },
      { kind: 'found', host: handMade, foundBy: 'name' },
    ],
    [
      'the oldest of twins by name',
      {},
      { byName: [host('90', 'web01'), handMade] },
      {
        kind: 'found',
        host: host('90', 'web01'),
        foundBy: 'name',
      },
    ],
    [
      'only a host of its own name among those read for a batch',
      {},
      { byName: [host('90', 'db01'), handMade] },
      {
        kind: 'found',
        host: handMade,
        foundBy: 'name',
      },
    ],
    [
      'a foreign host, when its name belongs to another object',
      {},
      { byName: [othersNamesake] },
      {
        kind: 'foreign',
        host: othersNamesake,
        owner: other,
      },
    ],
    [
      'a foreign host, when its id now carries another identity',
      { hostid: '105' },
      { byId: [othersById] },
      {
        kind: 'foreign',
        host: othersById,
        owner: other,
      },
    ],
    ['nothing by id when the id is empty', { hostid: '' }, { byId: [host('', 'x', ours)] }, { kind: 'none' }],
  ])('should find %s', (_, request, candidates, expected) => {
    expect(
      locateAmong(
        { hostKey: ours, technicalName: 'web01', ...request },
        { byId: [], byIdentity: [], byName: [], ...candidates },
      ),
    ).toEqual(expected);
  });
});
