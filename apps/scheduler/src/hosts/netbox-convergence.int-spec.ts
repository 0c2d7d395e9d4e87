import { Logger } from '@nestjs/common';
import { type HostUpsertJobPayload } from '@lib/contracts';
import { TagMapping } from '@lib/models';
import { FAKE_NETBOX_V1_TOKEN, FakeNetboxServer, waitFor } from '@lib/testing';
import { SchedulerHarness, type AnyJob } from '../../test/scheduler-harness';
import { NetboxEventIntake } from './netbox-event-intake.service';

jest.setTimeout(90_000);

/**
 * With NETBOX_URL set, events are triggers: the scheduler re-reads devices from NetBox (here a fake NetBox
 * over real HTTP), so changes to IPs and sites reach Zabbix and stale event data never wins.
 */
describe(`${NetboxEventIntake.name} with NetBox REST`, () => {
  let netbox: FakeNetboxServer;
  let harness: SchedulerHarness;

  /** Reports the job done and waits until the scheduler has taken it off the host. */
  async function settle(job: AnyJob, hostid: string): Promise<void> {
    const operation = 'kind' in job && job.kind === 'CreateZabbixHost' ? 'created' : 'updated';
    await harness.report(job, 'succeeded', { operation, hostid });
    const objectId = Number(job.hostKey.split(':')[1]);
    await waitFor(
      async () => (await harness.hostConfig('dcim.device', objectId))?.activeJobId === null,
      'job settled',
    );
  }

  beforeAll(async () => {
    netbox = await FakeNetboxServer.start({ tokens: [FAKE_NETBOX_V1_TOKEN] });
    harness = await SchedulerHarness.start({ NETBOX_URL: netbox.url, NETBOX_TOKEN: FAKE_NETBOX_V1_TOKEN });
    await harness.dataSource
      .getRepository(TagMapping)
      .save({ objectType: 'device', selection: [['Site', 'site.name']] });
    netbox.upsertIpAddress({
      id: 1202,
      address: '192.0.2.11/24',
      dns_name: '',
      assigned_object_type: 'dcim.interface',
      assigned_object_id: 5001,
    });
    netbox.upsertDevice({ id: 102, name: 'ams1-core-rtr02', site: 3, role: 4, primary_ip4: 1202 });
  });

  afterAll(async () => {
    await harness?.stop();
    await netbox?.close();
  });

  it('should build the host from NetBox current state, not from the event data', async () => {
    await harness.publishEvent('dcim.device', 101, 'created', {
      id: 101,
      name: 'stale-name-from-the-event',
      last_updated: '2020-01-01T00:00:00Z',
    });
    const job = (await harness.nextJob()) as HostUpsertJobPayload;
    expect(job.desired).toMatchObject({
      host: 'ams1-core-rtr01',
      interfaces: [expect.objectContaining({ ip: '192.0.2.10' })],
      tags: [{ tag: 'Site', value: 'AMS1' }],
    });
    await settle(job, '60101');
  });

  it('should follow a primary IP change announced by an IP address event', async () => {
    netbox.upsertIpAddress({
      id: 1299,
      address: '198.51.100.7/24',
      dns_name: '',
      assigned_object_type: 'dcim.interface',
      assigned_object_id: 5001,
    });
    netbox.upsertDevice({ id: 101, primary_ip4: 1299 });
    await harness.publishEvent('ipam.ipaddress', 1299, 'created', {
      id: 1299,
      assigned_object_type: 'dcim.interface',
      assigned_object: { id: 5001, device: { id: 101 } },
    });
    const job = (await harness.nextJob()) as HostUpsertJobPayload;
    expect(job).toMatchObject({ kind: 'UpdateZabbixHost', hostid: '60101' });
    expect(job.desired.interfaces[0]?.ip).toBe('198.51.100.7');
    await settle(job, '60101');
  });

  it('should update every host of a site when the site is renamed', async () => {
    await harness.publishEvent('dcim.device', 102, 'created', { id: 102 });
    await settle(await harness.nextJob(), '60102');

    const renamed = {
      id: 3,
      name: 'AMS1 Amsterdam',
      slug: 'ams1',
      display: 'AMS1 Amsterdam',
      url: '/api/dcim/sites/3/',
      description: '',
    };
    netbox.upsertDevice({ id: 101, site: renamed });
    netbox.upsertDevice({ id: 102, site: renamed });
    await harness.publishEvent('dcim.site', 3, 'updated', { id: 3, name: 'AMS1 Amsterdam' });

    const jobs = [
      (await harness.nextJob()) as HostUpsertJobPayload,
      (await harness.nextJob()) as HostUpsertJobPayload,
    ];
    expect(jobs.map((job) => job.hostKey).sort()).toEqual(['dcim.device:101', 'dcim.device:102']);
    for (const job of jobs) expect(job.desired.tags).toEqual([{ tag: 'Site', value: 'AMS1 Amsterdam' }]);
    for (const job of jobs) await settle(job, job.hostKey === 'dcim.device:101' ? '60101' : '60102');
  });

  it('should remove the host when NetBox no longer has the device an event names', async () => {
    netbox.deleteDevice(102);
    await harness.publishEvent('dcim.device', 102, 'updated', { id: 102, name: 'ams1-core-rtr02' });
    const job = await harness.nextJob();
    expect(job).toMatchObject({ hostKey: 'dcim.device:102', hostid: '60102', mode: 'soft' });
  });

  it('should retry an event while NetBox is unavailable and converge once it is back', async () => {
    netbox.upsertDevice({ id: 101, description: 'back from the outage' });
    netbox.failWith({ status: 503, times: 2, pathPrefix: '/api/dcim/devices/' });
    await harness.publishEvent('dcim.device', 101, 'updated', { id: 101 });
    const job = (await harness.nextJob(30_000)) as HostUpsertJobPayload;
    expect(job.desired.description).toBe('back from the outage');
  });

  it('should log why a decommissioning device keeps its host when the status policy has no rule for it', async () => {
    const logged = jest.spyOn(Logger.prototype, 'log');
    netbox.upsertIpAddress({
      id: 1203,
      address: '192.0.2.13/24',
      dns_name: '',
      assigned_object_type: 'dcim.interface',
      assigned_object_id: 5003,
    });
    netbox.upsertDevice({
      id: 103,
      name: 'ams1-core-rtr03',
      site: 3,
      role: 4,
      primary_ip4: 1203,
      status: { value: 'decommissioning', label: 'Decommissioning' },
    });

    await harness.publishEvent('dcim.device', 103, 'created', { id: 103 });

    const job = (await harness.nextJob()) as HostUpsertJobPayload;
    expect(job.desired.status).toBe(0);
    expect(logged).toHaveBeenCalledWith(
      expect.stringContaining(
        'dcim.device:103: NetBox status "decommissioning" has no rule in the status policy; ' +
          'the host is kept monitored as it is',
      ),
    );
    logged.mockRestore();
  });
});
