import { type HostUpsertJobPayload } from '@lib/contracts';
import { loadNetboxFixture, waitFor } from '@lib/testing';
import { SchedulerHarness } from '../../test/scheduler-harness';
import { HostJobRetry } from './host-job-retry.service';
import { JobRetryService } from './job-retry.service';

jest.setTimeout(60_000);

/** Retrying a failed host job against real PostgreSQL and NATS; the test plays NetBox and the writer. */
describe(HostJobRetry.name, () => {
  let harness: SchedulerHarness;
  const template = loadNetboxFixture<{ data: Record<string, unknown> }>('webhook-device-updated.json').data;
  const key = 'dcim.device:4101';

  beforeAll(async () => {
    harness = await SchedulerHarness.start({ COALESCE_WINDOW_MS: '0', JOB_RETRY_LIMIT: '0' });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('should send the host again as a new job of the same kind when its failed job is retried', async () => {
    await harness.publishEvent('dcim.device', 4101, 'created', {
      ...template,
      id: 4101,
      name: 'nzbt-retry-4101',
      primary_ip4: { id: 41010, address: '192.0.2.41/24', dns_name: '', family: { value: 4, label: 'IPv4' } },
      last_updated: '2026-11-01T00:00:00Z',
    });
    const first = (await harness.nextJob()) as HostUpsertJobPayload;
    await harness.report(first, 'failed', { error: 'Zabbix said no' });
    await waitFor(async () => (await harness.jobsFor(key))[0]?.status === 'failed', 'the job failed');

    const retried = await harness.app.get(JobRetryService).retry(first.jobId, null);
    const second = (await harness.nextJob()) as HostUpsertJobPayload;

    expect(second).toMatchObject({ kind: 'CreateZabbixHost', hostKey: key, revision: 1 });
    expect(second.jobId).toBe(retried.jobId);
    expect(second.desired.host).toBe('nzbt-retry-4101');
    const rows = await harness.jobsFor(key);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ id: second.jobId, trigger: 'retry', retryOfJobId: first.jobId });
    expect(await harness.hostConfig('dcim.device', 4101)).toMatchObject({
      activeJobId: second.jobId,
      failedAttempts: 0,
    });

    // The host now has a job in flight: a second retry of the old job is refused.
    await expect(harness.app.get(JobRetryService).retry(first.jobId, null)).rejects.toThrow(/in flight/);
  });
});
