import { Job } from '@lib/models';
import { FAKE_NETBOX_V1_TOKEN, FakeNetboxServer, waitFor } from '@lib/testing';
import { SchedulerHarness, type AnyJob } from '../../test/scheduler-harness';
import { SystemJobService } from '../system-jobs/system-job.service';
import { SyncHostsNowRunner } from './sync-hosts-now.runner';

jest.setTimeout(120_000);

/**
 * SyncHostsNow against real PostgreSQL and NATS, NetBox's REST API served by a fake over real HTTP, and the
 * test playing the writers: dry run, the max_deletions stop, then a confirmed run that creates, removes and
 * re-checks every host and waits for the jobs.
 */
describe(SyncHostsNowRunner.name, () => {
  let netbox: FakeNetboxServer;
  let harness: SchedulerHarness;

  function device(id: number): void {
    netbox.upsertIpAddress({ id, address: `192.0.2.${id % 250}/24`, dns_name: '' });
    netbox.upsertDevice({ id, name: `sync-device-${id}`, site: 3, role: 4, primary_ip4: id });
  }

  async function runSync(parameters: Record<string, unknown>): Promise<Job> {
    const { jobId } = await harness.app.get(SystemJobService).run('SyncHostsNow', parameters, 'tester');
    return waitFor(
      async () => {
        const job = await harness.dataSource.getRepository(Job).findOneBy({ id: jobId });
        return job && job.status !== 'pending' && job.status !== 'running' ? job : undefined;
      },
      'the sync finished',
      60_000,
    );
  }

  /** Plays the writers: answers every job of the sync until `count` were answered. */
  async function playWriters(count: number): Promise<AnyJob[]> {
    const jobs: AnyJob[] = [];
    while (jobs.length < count) {
      const job = await harness.nextJob();
      jobs.push(job);
      const created = 'kind' in job && job.kind === 'CreateZabbixHost';
      const operation = 'kind' in job ? (created ? 'created' : 'updated') : 'archived';
      await harness.report(job, 'succeeded', { operation, hostid: `8${job.hostKey.split(':')[1]}` });
    }
    return jobs;
  }

  beforeAll(async () => {
    netbox = await FakeNetboxServer.start({ tokens: [FAKE_NETBOX_V1_TOKEN] });
    for (const id of [101, 102, 103]) netbox.deleteDevice(id);
    for (const id of [201, 202, 203]) netbox.deleteVirtualMachine(id);
    harness = await SchedulerHarness.start({
      NETBOX_URL: netbox.url,
      NETBOX_TOKEN: FAKE_NETBOX_V1_TOKEN,
      COALESCE_WINDOW_MS: '0',
      SETTINGS_CACHE_MS: '0',
    });
    // One host already in Zabbix whose device NetBox will no longer have, one that stays as it is.
    device(9001);
    device(9002);
    for (const id of [9001, 9002]) {
      await harness.publishEvent('dcim.device', id, 'created', { id });
      await playWriters(1);
    }
    await waitFor(async () => (await harness.hostConfig('dcim.device', 9002))?.hostid === '89002', 'settled');
    netbox.deleteDevice(9001);
    device(9003);
    device(9004);
  });

  afterAll(async () => {
    await harness?.stop();
    await netbox?.close();
  });

  it('should return the plan of a dry run and change nothing', async () => {
    const jobsBefore = await harness.dataSource.getRepository(Job).countBy({ kind: 'CreateZabbixHost' });

    const run = await runSync({ dryRun: true });

    expect(run.status).toBe('completed');
    expect(run.result).toMatchObject({
      dryRun: true,
      total: 3,
      planned: { create: 2, delete: 1, unchanged: 1, update: 0, disable: 0, hold: 0, absent: 0 },
    });
    const plan = (run.result?.plan ?? []) as { action: string; host: string }[];
    expect(plan.map((entry) => [entry.action, entry.host]).sort()).toEqual([
      ['create', 'sync-device-9003'],
      ['create', 'sync-device-9004'],
      ['delete', 'sync-device-9001'],
    ]);
    expect(await harness.dataSource.getRepository(Job).countBy({ kind: 'CreateZabbixHost' })).toBe(
      jobsBefore,
    );
    expect(await harness.noJobWithin(1_000)).toBe(true);
  });

  it('should stop before changing anything when it would delete more than max_deletions', async () => {
    await harness.dataSource.query(`UPDATE settings SET max_deletions = 0`);

    const run = await runSync({});

    expect(run.status).toBe('failed');
    expect(run.error).toContain('would delete or disable 1 hosts, more than max_deletions (0)');
    expect(await harness.noJobWithin(1_000)).toBe(true);
  });

  it('should create, remove and re-check every host when confirmed, and report what the jobs did', async () => {
    const running = harness.app.get(SystemJobService).run('SyncHostsNow', { confirm: true }, 'tester');
    const { jobId } = await running;

    const answered = await playWriters(4);
    const run = await waitFor(async () => {
      const job = await harness.dataSource.getRepository(Job).findOneBy({ id: jobId });
      return job?.status === 'completed' ? job : undefined;
    }, 'the sync completed');

    expect(answered.map((job) => ('kind' in job ? job.kind : 'DeleteZabbixHost')).sort()).toEqual([
      'CreateZabbixHost',
      'CreateZabbixHost',
      'DeleteZabbixHost',
      'UpdateZabbixHost',
    ]);
    expect(run.result).toMatchObject({
      dryRun: false,
      planned: { create: 2, delete: 1, unchanged: 1 },
      jobs: { total: 4, finished: 4, failed: 0, created: 2, updated: 1, archived: 1 },
    });
    expect(run.progressDone).toBe(4);
    expect(run.progressTotal).toBe(4);
    expect(await harness.hostConfig('dcim.device', 9003)).toMatchObject({ hostid: '89003', inSync: true });
  });
});
