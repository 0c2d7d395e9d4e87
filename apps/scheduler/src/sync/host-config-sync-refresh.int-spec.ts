import { Consumers, Subjects, type HostUpsertJobPayload } from '@lib/contracts';
import { Job } from '@lib/models';
import { loadNetboxFixture, waitFor } from '@lib/testing';
import { SchedulerHarness } from '../../test/scheduler-harness';
import { SystemJobService } from '../system-jobs/system-job.service';
import { HostConfigSyncRefreshRunner } from './host-config-sync-refresh.runner';

jest.setTimeout(90_000);

type DeviceData = Record<string, unknown> & { id: number };

/** HostConfigSyncRefresh against real PostgreSQL and NATS, the test playing the writers. */
describe(HostConfigSyncRefreshRunner.name, () => {
  let harness: SchedulerHarness;
  const template = loadNetboxFixture<{ data: DeviceData }>('webhook-device-updated.json').data;
  let clock = Date.parse('2026-11-01T00:00:00Z');

  function device(id: number, ip: string): DeviceData {
    clock += 1_000;
    return {
      ...template,
      id,
      name: `refresh-${id}`,
      primary_ip4: { id: id * 10, address: `${ip}/24`, dns_name: '', family: { value: 4, label: 'IPv4' } },
      last_updated: new Date(clock).toISOString(),
    };
  }

  async function run(): Promise<Job> {
    const { jobId } = await harness.app.get(SystemJobService).run('HostConfigSyncRefresh', {}, 'tester');
    return waitFor(async () => {
      const job = await harness.dataSource.getRepository(Job).findOneBy({ id: jobId });
      return job && job.status !== 'pending' && job.status !== 'running' ? job : undefined;
    }, 'the refresh finished');
  }

  beforeAll(async () => {
    harness = await SchedulerHarness.start({ COALESCE_WINDOW_MS: '0', SETTINGS_CACHE_MS: '0' });
    for (const id of [9201, 9202, 9203]) {
      await harness.publishEvent('dcim.device', id, 'created', device(id, `192.0.2.${id - 9000}`));
      await harness.report(await harness.nextJob(), 'succeeded', { operation: 'created', hostid: `9${id}` });
    }
    await waitFor(async () => (await harness.hostConfig('dcim.device', 9203))?.inSync === true, 'created');
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('should compare every host not checked within the cutoff and store how each differs', async () => {
    await harness.dataSource.query(`UPDATE host_config SET last_sync_update = now() - interval '2 days'`);
    const running = run();

    const check = await harness.nextCheckJob();
    expect(check.hosts.map((host) => host.hostKey).sort()).toEqual([
      'dcim.device:9201',
      'dcim.device:9202',
      'dcim.device:9203',
    ]);
    await harness.reportCheck(check, 'started');
    await harness.reportCheck(check, 'succeeded', {
      checks: check.hosts.map(({ hostKey }) => ({
        hostKey,
        hostid: `9${hostKey.split(':')[1]}`,
        differences: hostKey === 'dcim.device:9202' ? ['interfaces', 'templates'] : [],
      })),
    });
    const refresh = await running;

    expect(refresh.status).toBe('completed');
    expect(refresh.result).toMatchObject({ mode: 'report', total: 3, inSync: 2, drifted: 1, failed: 0 });
    // Counted in hosts: one check message for three hosts.
    expect(refresh.result?.jobs).toMatchObject({ total: 3, finished: 3, checked: 3, messages: 1 });
    expect(refresh.progressDone).toBe(3);
    expect(refresh.progressTotal).toBe(3);
    expect(await harness.hostConfig('dcim.device', 9202)).toMatchObject({
      inSync: false,
      syncDifference: ['interfaces', 'templates'],
      appliedRevision: 1,
    });
    expect(await harness.hostConfig('dcim.device', 9201)).toMatchObject({ inSync: true, syncDifference: [] });
    expect(await harness.noJobWithin(1_000)).toBe(true);
  });

  it('should leave hosts checked within the cutoff alone', async () => {
    const refresh = await run();

    expect(refresh.result).toMatchObject({ total: 0 });
    expect(await harness.noJobWithin(1_000)).toBe(true);
  });

  it('should send a change that arrives during a check after the check', async () => {
    await harness.dataSource.query(
      `UPDATE host_config SET last_sync_update = now() - interval '2 days' WHERE object_id = 9201`,
    );
    const running = run();
    const check = await harness.nextCheckJob();
    await harness.publishEvent('dcim.device', 9201, 'updated', device(9201, '198.51.100.1'));
    await waitFor(
      async () => (await harness.hostConfig('dcim.device', 9201))?.desiredRevision === 2,
      'changed',
    );

    await harness.reportCheck(check, 'succeeded', {
      checks: [{ hostKey: 'dcim.device:9201', hostid: '99201', differences: [] }],
    });
    const update = (await harness.nextJob()) as HostUpsertJobPayload;

    expect(update).toMatchObject({ kind: 'UpdateZabbixHost', revision: 2 });
    expect(update.checkOnly).toBeUndefined();
    expect(update.desired.interfaces[0]?.ip).toBe('198.51.100.1');
    await harness.report(update, 'succeeded', { operation: 'updated', hostid: '99201' });
    await running;
  });

  it('should free every host of a check, recording those it could not compare', async () => {
    await harness.dataSource.query(`UPDATE host_config SET last_sync_update = now() - interval '2 days'`);
    const running = run();
    const check = await harness.nextCheckJob();

    await harness.reportCheck(check, 'succeeded', {
      checks: [
        { hostKey: 'dcim.device:9201', hostid: '99201', differences: [] },
        { hostKey: 'dcim.device:9202', error: 'HostIdentityConflictError: taken' },
      ],
    });
    const refresh = await running;

    expect(refresh.result).toMatchObject({ total: 3, inSync: 1 });
    expect(await harness.hostConfig('dcim.device', 9202)).toMatchObject({
      activeJobId: null,
      inSync: false,
      lastError: 'HostIdentityConflictError: taken',
    });
    // Not in the result at all: freed as a failure too, not left waiting.
    expect(await harness.hostConfig('dcim.device', 9203)).toMatchObject({ activeJobId: null, inSync: false });
    expect(await harness.noJobWithin(1_000)).toBe(true);
  });

  it('should free every host of a check that failed', async () => {
    await harness.dataSource.query(
      `UPDATE host_config SET last_sync_update = now() - interval '2 days', failed_attempts = 0, last_error = NULL`,
    );
    const running = run();
    const check = await harness.nextCheckJob();

    await harness.reportCheck(check, 'failed', { error: 'ZabbixApiError: broken', retryable: false });
    const refresh = await running;

    // In hosts, like `total`: the one check message failed for all three.
    expect(refresh.result).toMatchObject({ total: 3, failed: 3 });
    expect(refresh.result?.jobs).toMatchObject({ failed: 3, messages: 1 });
    for (const id of [9201, 9202, 9203]) {
      expect(await harness.hostConfig('dcim.device', id)).toMatchObject({
        activeJobId: null,
        lastError: 'ZabbixApiError: broken',
      });
    }
    expect(await harness.noJobWithin(1_000)).toBe(true);
  });

  it('should free every host of a check a writer dead-lettered', async () => {
    await harness.dataSource.query(
      `UPDATE host_config SET last_sync_update = now() - interval '2 days', failed_attempts = 0, last_error = NULL`,
    );
    const running = run();
    const check = await harness.nextCheckJob();

    await harness.publishDeadLetter(
      {
        originalSubject: Subjects.hostCheckJob,
        stream: Consumers.writerZabbixJobs.stream.name,
        consumer: Consumers.writerZabbixJobs.durable,
        streamSequence: 1,
        deliveryCount: 1,
        errorType: 'InvalidMessageError',
        reason: 'payload could not be decoded',
        originalBody: JSON.stringify({ messageId: check.jobId, payload: check }),
        failedAt: new Date().toISOString(),
      },
      `dead-check-${check.jobId}`,
    );
    const refresh = await running;

    // In hosts, like `total`: the one check message failed for all three.
    expect(refresh.result).toMatchObject({ total: 3, failed: 3 });
    expect(refresh.result?.jobs).toMatchObject({ failed: 3, messages: 1 });
    for (const id of [9201, 9202, 9203]) {
      const host = await harness.hostConfig('dcim.device', id);
      expect(host?.activeJobId).toBeNull();
      expect(host?.lastError).toContain('dead-lettered');
    }
    expect(await harness.noJobWithin(1_000)).toBe(true);
  });

  it('should send ordinary jobs that mend the drift when repair_drift is on', async () => {
    await harness.dataSource.query(`UPDATE settings SET repair_drift = true`);
    await harness.dataSource.query(
      `UPDATE host_config SET last_sync_update = now() - interval '2 days' WHERE object_id = 9202`,
    );
    const running = run();

    const repair = (await harness.nextJob()) as HostUpsertJobPayload;
    expect(repair).toMatchObject({ kind: 'UpdateZabbixHost', hostKey: 'dcim.device:9202' });
    expect(repair.checkOnly).toBeUndefined();
    await harness.report(repair, 'succeeded', {
      operation: 'updated',
      hostid: '99202',
      differences: ['interfaces'],
    });

    expect((await running).result).toMatchObject({ mode: 'repair', total: 1, inSync: 1, drifted: 0 });
    expect(await harness.hostConfig('dcim.device', 9202)).toMatchObject({ inSync: true, syncDifference: [] });
  });
});
