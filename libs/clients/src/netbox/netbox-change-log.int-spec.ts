import { FAKE_NETBOX_V1_TOKEN, FAKE_NETBOX_V2_TOKEN, FakeNetboxServer } from '@lib/testing';
import { NetboxClient } from './netbox.client';

describe('NetboxClient change log', () => {
  const cases: [string, string, string, string][] = [
    ['4.x', '4.6.8', 'api/core/object-changes/', FAKE_NETBOX_V2_TOKEN],
    ['4.0', '4.0.11', 'api/extras/object-changes/', FAKE_NETBOX_V1_TOKEN],
    ['3.x', '3.7.8', 'api/extras/object-changes/', FAKE_NETBOX_V1_TOKEN],
  ];

  it.each(cases)(
    'should read the change log of NetBox %s where it is served',
    async (_name, netboxVersion, path, token) => {
      const netbox = await FakeNetboxServer.start({ netboxVersion, maxPageSize: 2 });
      const client = new NetboxClient({ baseUrl: netbox.url, token, timeoutMs: 5_000 });
      try {
        netbox.upsertDevice({ id: 901, name: 'edge-901' });
        netbox.upsertInterface({ id: 9901, name: 'eth0', device: 901 });
        netbox.upsertDevice({ id: 901, name: 'edge-901b' });
        netbox.upsertDevice({ id: 902, name: 'edge-902' });
        netbox.deleteDevice(902);

        expect(await client.objectChangesPath()).toBe(path);
        const all = netbox.changes;
        expect(all.length).toBe(5);
        const first = all[0];
        const newest = await client.newestObjectChange();
        expect(newest).toMatchObject({
          id: all[4].id,
          action: 'delete',
          changedObjectType: 'dcim.device',
          changedObjectId: 902,
        });
        expect((await client.oldestObjectChange())?.id).toBe(first.id);
        const devices = await client.listObjectChanges({
          id__gt: first.id,
          id__lte: all[4].id,
          changed_object_type: 'dcim.device',
        });
        expect(devices.map((change) => [change.action, change.changedObjectId])).toEqual([
          ['update', 901],
          ['create', 902],
          ['delete', 902],
        ]);
        expect(devices[0]?.prechangeData).toMatchObject({ name: 'edge-901' });
        expect(devices[0]?.postchangeData).toMatchObject({ name: 'edge-901b' });
        const interfaces = await client.listObjectChanges({
          id__gt: 0,
          changed_object_type: 'dcim.interface',
        });
        expect(interfaces.map((change) => change.postchangeData?.device)).toEqual([901]);
      } finally {
        client.close();
        await netbox.close();
      }
    },
  );

  it('should give the newest change before a time, for the settle window', async () => {
    const netbox = await FakeNetboxServer.start();
    const client = new NetboxClient({ baseUrl: netbox.url, token: FAKE_NETBOX_V1_TOKEN, timeoutMs: 5_000 });
    try {
      netbox.store.upsert('devices', { id: 903 }, new Date('2026-01-01T00:00:00Z'));
      netbox.store.upsert('devices', { id: 903, name: 'later' }, new Date('2026-01-01T00:10:00Z'));
      const before = await client.newestObjectChange({ time_before: '2026-01-01T00:05:00Z' });
      expect(before?.id).toBe(netbox.changes[0]?.id);
    } finally {
      client.close();
      await netbox.close();
    }
  });
});
