import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { Messages } from '@lib/contracts';
import { EventLog, Job } from '@lib/models';
import { loadNetboxFixture, waitFor } from '@lib/testing';
import { SchedulerHarness } from '../../test/scheduler-harness';
import { JobReaperService } from './job-reaper.service';
import { OutboxService } from './outbox.service';
import { RetentionService } from './retention.service';

jest.setTimeout(90_000);

type DeviceData = Record<string, unknown> & { id: number; name: string };

/** Liveness (issue 6): retries with backoff, the reaper, the outbox's limits, dead letters and retention. */
describe('Job liveness', () => {
  let harness: SchedulerHarness;
  const template = loadNetboxFixture<{ data: DeviceData }>('webhook-device-updated.json').data;
  let clock = Date.parse('2026-11-01T00:00:00Z');
  const key = (id: number): string => `dcim.device:${id}`;

  function device(id: number, extra: Record<string, unknown> = {}): DeviceData {
    clock += 1_000;
    return {
      ...template,
      id,
      name: `nzbt-live-${id}`,
      primary_ip4: {
        id: id * 10,
        address: `192.0.2.${id % 250}/24`,
        dns_name: '',
        family: { value: 4, label: 'IPv4' },
      },
      last_updated: new Date(clock).toISOString(),
      ...extra,
    };
  }

  beforeAll(async () => {
    harness = await SchedulerHarness.start({
      COALESCE_WINDOW_MS: '0',
      JOB_RETRY_LIMIT: '2',
      JOB_RETRY_BASE_MS: '400',
      JOB_RETRY_MAX_MS: '2000',
      JOB_DEADLINE_MS: '1500',
      REAPER_INTERVAL_MS: '250',
    });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('should retry a job that failed for a reason that may pass, with a growing delay, up to the limit', async () => {
    await harness.publishEvent('dcim.device', 2001, 'created', device(2001));
    const sentAt: number[] = [];
    let job = await harness.nextJob();
    for (let failure = 1; failure <= 3; failure += 1) {
      await harness.report(job, 'failed', { error: 'Zabbix timed out', retryable: true });
      if (failure === 3) break;
      job = await harness.nextJob(10_000);
      sentAt.push(Date.now());
    }

    expect(await harness.noJobWithin(3_000)).toBe(true);
    const jobs = await harness.jobsFor(key(2001));
    expect(jobs.map((row) => [row.kind, row.status])).toEqual([
      ['CreateZabbixHost', 'failed'],
      ['CreateZabbixHost', 'failed'],
      ['CreateZabbixHost', 'failed'],
    ]);
    const config = await harness.hostConfig('dcim.device', 2001);
    expect(config).toMatchObject({ failedAttempts: 3, lastError: 'Zabbix timed out', activeJobId: null });
    expect(config?.dispatchAfter).toBeNull();
  });

  it('should not retry a failure that cannot pass', async () => {
    await harness.publishEvent('dcim.device', 2002, 'created', device(2002));
    await harness.report(await harness.nextJob(), 'failed', {
      error: 'unknown Zabbix template: "X"',
      retryable: false,
    });

    expect(await harness.noJobWithin(2_000)).toBe(true);
    expect((await harness.hostConfig('dcim.device', 2002))?.failedAttempts).toBe(1);
  });

  it('should reap a job whose message was lost and send a fresh one that converges', async () => {
    await harness.dataSource.query(`UPDATE "settings" SET "event_log_enabled" = true`);
    await harness.publishEvent('dcim.device', 2003, 'created', device(2003));
    const lost = await harness.nextJob(); // taken and acked, never reported: as if the message was lost

    const retry = await harness.nextJob(10_000);
    await harness.report(retry, 'succeeded', { operation: 'created', hostid: '62003' });

    const jobs = await waitFor(async () => {
      const rows = await harness.jobsFor(key(2003));
      return rows.at(-1)?.status === 'completed' ? rows : undefined;
    }, 'the retry completed');
    expect(jobs.map((row) => row.status)).toEqual(['failed', 'completed']);
    expect(jobs[0]).toMatchObject({ id: lost.jobId, error: expect.stringContaining('reaped') });
    // Visible in the event log too, as any failure: the reaper, not a result, ended it.
    const entries = await harness.dataSource.getRepository(EventLog).findBy({ jobId: lost.jobId });
    expect(entries.map((entry) => [entry.level, entry.message])).toEqual([
      ['error', expect.stringContaining('reaped')],
    ]);
    expect(await harness.hostConfig('dcim.device', 2003)).toMatchObject({ hostid: '62003', inSync: true });
  });

  it('should leave a running job alone while its writer reports signs of life past the deadline', async () => {
    await harness.publishEvent('dcim.device', 2004, 'created', device(2004));
    const job = await harness.nextJob();
    await harness.report(job, 'started');
    for (let beat = 1; beat <= 6; beat += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await harness.report(job, 'working', {}, `result:${job.jobId}:1:working:${beat}`);
    }
    await harness.report(job, 'succeeded', { operation: 'created', hostid: '62004' });

    const jobs = await waitFor(async () => {
      const rows = await harness.jobsFor(key(2004));
      return rows[0]?.status === 'completed' ? rows : undefined;
    }, 'the job completed');
    expect(jobs).toHaveLength(1);
  });

  it('should leave a job that is still queued behind others alone, however old', async () => {
    await harness.publishEvent('dcim.device', 2005, 'created', device(2005));
    const [queued] = await waitFor(async () => {
      const rows = await harness.jobsFor(key(2005));
      return rows[0]?.publishedAt ? rows : undefined;
    }, 'the job published');

    expect(await harness.app.get(JobReaperService).sweep(new Date(Date.now() + 60_000))).toBe(0);
    const job = await harness.nextJob();
    expect(job.jobId).toBe(queued?.id);
    await harness.report(job, 'succeeded', { operation: 'created', hostid: '62005' });
  });

  it('should never republish a job that already started or finished, even without publishedAt', async () => {
    const jobs = harness.dataSource.getRepository(Job);
    const base = {
      kind: 'UpdateZabbixHost',
      name: 'UpdateZabbixHost ghost',
      hostConfigId: null,
      hostKey: key(2999),
      revision: 1,
      correlationId: 'test',
      username: null,
      subject: 'zabbix.job.host-upsert.v1',
      payload: {},
      attempts: 1,
      publishedAt: null,
    };
    await jobs.save([
      { ...base, id: randomUUID(), status: 'completed' as const },
      { ...base, id: randomUUID(), status: 'failed' as const },
      { ...base, id: randomUUID(), status: 'running' as const },
    ]);

    expect(await harness.app.get(OutboxService).sweep(new Date(Date.now() + 60_000))).toBe(0);
    expect(await harness.noJobWithin(1_000)).toBe(true);
  });

  it('should fail a job whose reported Zabbix host belongs to another object, visibly and without retry', async () => {
    await harness.publishEvent('dcim.device', 2006, 'created', device(2006));
    await harness.report(await harness.nextJob(), 'succeeded', { operation: 'created', hostid: '62006' });
    await harness.publishEvent('dcim.device', 2007, 'created', device(2007));
    const intruder = await harness.nextJob();

    await harness.report(intruder, 'succeeded', { operation: 'adopted', hostid: '62006' });

    const [row] = await waitFor(async () => {
      const rows = await harness.jobsFor(key(2007));
      return rows[0]?.status === 'failed' ? rows : undefined;
    }, 'the job failed');
    expect(row?.error).toContain('Zabbix host 62006 already belongs to dcim.device:2006');
    expect(await harness.noJobWithin(1_500)).toBe(true);
    expect(await harness.hostConfig('dcim.device', 2007)).toMatchObject({ hostid: null, inSync: false });
    expect(await harness.hostConfig('dcim.device', 2006)).toMatchObject({ hostid: '62006' });
  });

  it('should give a second object of the same name its own host name and say so on the job', async () => {
    await harness.publishEvent('dcim.device', 2008, 'created', device(2008, { name: 'nzbt-twin' }));
    const first = await harness.nextJob();
    await harness.report(first, 'succeeded', { operation: 'created', hostid: '62008' });
    await harness.publishEvent(
      'virtualization.virtualmachine',
      2008,
      'created',
      device(2008, { name: 'nzbt-twin', site: null }),
    );
    await harness.publishEvent('dcim.device', 2009, 'created', device(2009, { name: 'nzbt-twin' }));

    const second = await harness.nextJob();
    const third = await harness.nextJob();
    const names = [second, third].map((job) => ('desired' in job ? job.desired.host : job.host)).sort();
    expect('desired' in first ? first.desired.host : '').toBe('nzbt-twin');
    expect(names).toEqual(['nzbt-twin-device-2009', 'nzbt-twin-vm-2008']);
    const [row] = await harness.jobsFor(key(2009));
    expect(row?.warning).toBe(
      'name collision: "nzbt-twin" is held in Zabbix by dcim.device:2008; this host is "nzbt-twin-device-2009"',
    );
    expect(await harness.hostConfig('dcim.device', 2009)).toMatchObject({ name: 'nzbt-twin-device-2009' });
  });

  it('should record a dead-lettered event as a dead-lettered job, once', async () => {
    const letter = {
      originalSubject: 'netbox.event.dcim.device.updated.v1',
      stream: 'NBZB_NETBOX_EVENTS_V1',
      consumer: 'scheduler-netbox-events-v1',
      streamSequence: 77,
      deliveryCount: 20,
      errorType: 'NetboxUnavailableError',
      reason: 'gave up after 20 attempts: NetBox is down',
      originalBody: '{}',
      failedAt: new Date().toISOString(),
    };
    await harness.publishDeadLetter(letter, 'dlq:NBZB_NETBOX_EVENTS_V1:77');

    const rows = await waitFor(async () => {
      const found = await harness.dataSource.getRepository(Job).findBy({ kind: 'DeadLetter' });
      return found.length > 0 ? found : undefined;
    }, 'the dead letter recorded');
    expect(rows).toEqual([
      expect.objectContaining({
        status: 'dead_lettered',
        name: 'DeadLetter netbox.event.dcim.device.updated.v1',
        error: expect.stringContaining('NetBox is down'),
      }),
    ]);
    expect(Messages.deadLetter.subjectFor(letter)).toBe('dlq.netbox.event.dcim.device.updated.v1');
  });

  it('should prune finished jobs and event log rows older than their retention, and nothing newer', async () => {
    const day = 24 * 60 * 60 * 1000;
    const now = Date.now();
    const jobs = harness.dataSource.getRepository(Job);
    const row = (status: Job['status'], completedAgo: number | null) => ({
      id: randomUUID(),
      kind: 'UpdateZabbixHost',
      name: `retention ${status}`,
      status,
      hostConfigId: null,
      hostKey: key(3000),
      revision: 1,
      correlationId: 'retention',
      username: null,
      subject: 'zabbix.job.host-upsert.v1',
      payload: {},
      attempts: 1,
      publishedAt: new Date(now - 40 * day),
      completedAt: completedAgo === null ? null : new Date(now - completedAgo),
    });
    const old = [row('completed', 31 * day), row('failed', 40 * day)];
    const kept = [row('completed', 29 * day), row('running', null), row('pending', null)];
    await jobs.save([...old, ...kept]);
    const log = harness.dataSource.getRepository(EventLog);
    const logged = await log.save([
      { name: 'old', message: 'old', level: 'info' as const },
      { name: 'new', message: 'new', level: 'info' as const },
    ]);
    await harness.dataSource.query(
      `UPDATE event_log SET created_at = now() - interval '31 days' WHERE id = $1`,
      [logged[0]?.id],
    );

    const pruned = await harness.app.get(RetentionService).prune(new Date(now));

    expect(pruned).toEqual({ jobs: 2, eventLog: 1 });
    const left = await jobs.findBy({ hostKey: key(3000) });
    expect(left.map((job) => job.id).sort()).toEqual(kept.map((job) => job.id).sort());
    const names = (await log.findBy({ name: In(['old', 'new']) })).map((entry) => entry.name);
    expect(names).toEqual(['new']);
  });
});
