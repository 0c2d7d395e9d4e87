import { randomUUID } from 'node:crypto';
import { Job, Maintenance, Settings, SystemJobSchedule } from '@lib/models';
import { waitFor } from '@lib/testing';
import { SchedulerCluster } from '../../test/scheduler-cluster';
import { JobReaperService } from '../jobs/job-reaper.service';
import { SystemJobScheduler } from './system-job-scheduler.service';

jest.setTimeout(90_000);

const MINUTE = 60_000;

/**
 * The system job framework against real PostgreSQL and NATS, with two scheduler instances on one database.
 * Zabbix is unreachable here (a closed port): MaintenanceCleanup with nothing to delete in Zabbix needs no
 * call, and one that must call fails. The Zabbix-facing runs are in system-jobs.zabbix.int-spec.ts.
 */
describe(SystemJobScheduler.name, () => {
  let cluster: SchedulerCluster;

  const schedules = () => cluster.dataSource.getRepository(SystemJobSchedule);
  const schedule = (kind: string) => schedules().findOneByOrFail({ kind });
  const setSettings = (values: Partial<Settings>) =>
    cluster.dataSource.getRepository(Settings).update({ name: 'default' }, values);

  beforeAll(async () => {
    cluster = await SchedulerCluster.start(
      {
        ZABBIX_URL: 'http://127.0.0.1:9/api_jsonrpc.php',
        ZABBIX_TIMEOUT_MS: '2000',
        SYSTEM_JOB_TICK_MS: '100',
      },
      2,
    );
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  afterEach(async () => {
    // Nothing of one test stays due for the next one.
    await cluster.dataSource.query(`UPDATE system_job_schedule SET next_run_at = now() + interval '1 year'`);
    await waitFor(
      async () => (await cluster.dataSource.getRepository(Job).countBy({ status: 'running' })) === 0,
      'no system job running',
    );
  });

  it('should schedule each periodic kind one interval (from the settings) after it is first seen', async () => {
    const rows = await waitFor(async () => {
      const found = await schedules().find({ order: { kind: 'ASC' } });
      return found.length >= 2 ? found : undefined;
    }, 'the schedules');
    const mine = rows.filter((row) => ['ImportZabbixSettings', 'MaintenanceCleanup'].includes(row.kind));
    expect(mine).toEqual([
      expect.objectContaining({ kind: 'ImportZabbixSettings', intervalMinutes: 1440, lastRunAt: null }),
      expect.objectContaining({ kind: 'MaintenanceCleanup', intervalMinutes: 1440, lastRunAt: null }),
    ]);
    for (const row of mine) {
      expect(row.nextRunAt.getTime()).toBeGreaterThan(Date.now() + 1430 * MINUTE);
    }
  });

  it('should reschedule when an interval changes in the settings, snapping it to the plugin choices', async () => {
    const before = await schedule('MaintenanceCleanup');
    const start = before.nextRunAt.getTime() - before.intervalMinutes * MINUTE;

    await setSettings({ maintenanceCleanupInterval: 30 });
    const after = await waitFor(async () => {
      const row = await schedule('MaintenanceCleanup');
      return row.intervalMinutes === 30 ? row : undefined;
    }, 'the new interval');
    expect(after.nextRunAt.getTime()).toBe(start + 30 * MINUTE);

    await setSettings({ maintenanceCleanupInterval: 7 });
    const snapped = await waitFor(async () => {
      const row = await schedule('MaintenanceCleanup');
      return row.intervalMinutes === 15 ? row : undefined;
    }, 'the interval snapped to 15 minutes');
    expect(snapped.nextRunAt.getTime()).toBe(start + 15 * MINUTE);
    expect(await cluster.jobsOfKind('MaintenanceCleanup')).toEqual([]);
  });

  it('should run a run missed while the schedulers were down once, then an interval later', async () => {
    await setSettings({ maintenanceCleanupInterval: 60 });
    await waitFor(async () => (await schedule('MaintenanceCleanup')).intervalMinutes === 60, 'interval 60');
    const before = (await cluster.jobsOfKind('MaintenanceCleanup')).length;
    // Five hours late: five runs were due.
    await schedules().update(
      { kind: 'MaintenanceCleanup' },
      { nextRunAt: new Date(Date.now() - 5 * 60 * MINUTE) },
    );

    const [job] = await waitFor(async () => {
      const jobs = await cluster.jobsOfKind('MaintenanceCleanup');
      return jobs.length > before ? jobs.slice(before) : undefined;
    }, 'the missed run');
    const ended = await cluster.jobEnded(job?.id ?? '');
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // ten ticks of each scheduler

    expect(await cluster.jobsOfKind('MaintenanceCleanup')).toHaveLength(before + 1);
    expect(ended).toMatchObject({ status: 'completed', trigger: 'schedule', username: null });
    expect(ended.result).toMatchObject({ checked: 0, deleted: 0 });
    const after = await schedule('MaintenanceCleanup');
    expect(after.lastJobId).toBe(ended.id);
    expect(after.nextRunAt.getTime()).toBeGreaterThan(Date.now() + 58 * MINUTE);
  });

  it('should run each due run exactly once with two schedulers ticking on one database', async () => {
    const before = (await cluster.jobsOfKind('MaintenanceCleanup')).length;
    const rounds = 4;
    for (let round = 0; round < rounds; round += 1) {
      await schedules().update({ kind: 'MaintenanceCleanup' }, { nextRunAt: new Date(Date.now() - MINUTE) });
      // Both instances tick on their own every 100 ms; these explicit ticks race them as well.
      const [first, second] = cluster.apps.map((app) => app.get(SystemJobScheduler));
      await Promise.all([first?.startDue(), second?.startDue(), first?.startDue(), second?.startDue()]);
      const jobs = await waitFor(
        async () => {
          const found = await cluster.jobsOfKind('MaintenanceCleanup');
          return found.length >= before + round + 1 ? found : undefined;
        },
        `run ${round + 1}`,
      );
      await cluster.jobEnded(jobs[jobs.length - 1]?.id ?? '');
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const jobs = (await cluster.jobsOfKind('MaintenanceCleanup')).slice(before);
    expect(jobs).toHaveLength(rounds);
    expect(jobs.every((job) => job.status === 'completed')).toBe(true);
  });

  it('should start a job from the API (202), show its progress and summary, and refuse a second one while it runs (409)', async () => {
    const started = await cluster.request<{ jobId: string }>(
      'POST',
      '/api/system-jobs/MaintenanceCleanup/run',
      {
        dryRun: true,
      },
    );
    expect(started.status).toBe(202);
    const ended = await cluster.jobEnded(started.body.jobId);
    const shown = await cluster.request('GET', `/api/jobs/${started.body.jobId}`, undefined, 1);

    expect(ended.status).toBe('completed');
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      id: started.body.jobId,
      kind: 'MaintenanceCleanup',
      status: 'completed',
      trigger: 'api',
      parameters: { dryRun: true },
      result: { dryRun: true, checked: 0 },
      error: null,
      durationMs: expect.any(Number),
    });
    expect(shown.body).not.toHaveProperty('payload');

    const running = await cluster.dataSource.getRepository(Job).save({
      id: randomUUID(),
      kind: 'MaintenanceCleanup',
      name: 'MaintenanceCleanup',
      status: 'running',
      correlationId: 'test',
      subject: '',
      payload: {},
      publishedAt: new Date(),
      lastSeenAt: new Date(),
    });
    const refused = await cluster.request('POST', '/api/system-jobs/MaintenanceCleanup/run', {});
    await cluster.dataSource.getRepository(Job).delete({ id: running.id });

    expect(refused).toEqual({ status: 409, body: expect.objectContaining({ jobId: running.id }) });
  });

  it('should list every system job with its interval, next run and last job', async () => {
    const listed = await cluster.request<{ systemJobs: Record<string, unknown>[] }>(
      'GET',
      '/api/system-jobs',
    );

    expect(listed.status).toBe(200);
    expect(listed.body.systemJobs.map((row) => row.kind)).toEqual([
      'ImportZabbixSettings',
      'HostConfigSyncRefresh',
      'MaintenanceCleanup',
      'SyncHostsNow',
      'NetboxChangeLogPoll',
    ]);
    expect(listed.body.systemJobs).toContainEqual(
      expect.objectContaining({
        kind: 'MaintenanceCleanup',
        available: true,
        periodic: true,
        intervalMinutes: 60,
        nextRunAt: expect.any(String),
        lastJob: expect.objectContaining({ kind: 'MaintenanceCleanup', status: 'completed' }),
      }),
    );
  });

  it.each([
    ['/api/system-jobs/MaintenanceCleanup/run', { dryRun: 'yes' }, ['dryRun']],
    ['/api/system-jobs/MaintenanceCleanup/run', { confirm: true }, ['confirm']],
    ['/api/system-jobs/MaintenanceCleanup/run', { dryRun: true, everything: 1 }, ['everything']],
    [
      '/api/system-jobs/ImportZabbixSettings/run',
      { confirm: 1, cutoffMinutes: 0 },
      ['confirm', 'cutoffMinutes'],
    ],
  ])('should answer 400 naming the bad fields of POST %s %p', async (path, body, fields) => {
    const answer = await cluster.request<{ fields: string[] }>('POST', path, body);
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toEqual(fields);
  });

  it('should answer 400 naming the bad query fields of GET /api/jobs, 404 an unknown kind or job', async () => {
    const badQuery = await cluster.request<{ fields: string[] }>(
      'GET',
      '/api/jobs?status=bogus&limit=0&offset=-1',
    );
    const unknownKind = await cluster.request('POST', '/api/system-jobs/RebootZabbix/run', {});
    const unknownJob = await cluster.request('GET', `/api/jobs/${randomUUID()}`);

    expect(badQuery.status).toBe(400);
    expect(badQuery.body.fields.sort()).toEqual(['limit', 'offset', 'status']);
    expect(unknownKind.status).toBe(404);
    expect(unknownJob.status).toBe(404);
  });

  it('should filter and page jobs by kind and status', async () => {
    const page = await cluster.request<{ jobs: Job[]; total: number }>(
      'GET',
      '/api/jobs?kind=MaintenanceCleanup&status=completed&limit=2&offset=1',
    );
    const all = await cluster.dataSource
      .getRepository(Job)
      .countBy({ kind: 'MaintenanceCleanup', status: 'completed' });

    expect(page.status).toBe(200);
    expect(page.body.total).toBe(all);
    expect(page.body.jobs).toHaveLength(2);
    expect(
      page.body.jobs.every((job) => job.kind === 'MaintenanceCleanup' && job.status === 'completed'),
    ).toBe(true);
  });

  it('should fail a cleanup Zabbix cannot do, keep its maintenance, and retry it as a new job of the same parameters', async () => {
    const maintenance = await cluster.dataSource.getRepository(Maintenance).save({
      name: 'nzbt expired window',
      startTime: new Date(Date.now() - 120 * MINUTE),
      endTime: new Date(Date.now() - 60 * MINUTE),
      zabbixId: '999999',
    });
    const started = await cluster.request<{ jobId: string }>(
      'POST',
      '/api/system-jobs/MaintenanceCleanup/run',
      {},
    );
    const failed = await cluster.jobEnded(started.body.jobId);

    expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(/Zabbix/i) });
    expect(await cluster.dataSource.getRepository(Maintenance).countBy({ id: maintenance.id })).toBe(1);

    const retried = await cluster.request<{ jobId: string }>(
      'POST',
      `/api/jobs/${failed.id}/retry`,
      undefined,
      1,
    );
    expect(retried.status).toBe(202);
    const retry = await cluster.jobEnded(retried.body.jobId);
    expect(retry).toMatchObject({
      kind: 'MaintenanceCleanup',
      trigger: 'retry',
      retryOfJobId: failed.id,
      parameters: {},
      status: 'failed',
    });

    const notFailed = (await cluster.jobsOfKind('MaintenanceCleanup')).find(
      (job) => job.status === 'completed',
    );
    expect((await cluster.request('POST', `/api/jobs/${notFailed?.id}/retry`)).status).toBe(409);
    expect((await cluster.request('POST', `/api/jobs/${randomUUID()}/retry`)).status).toBe(404);
    await cluster.dataSource.getRepository(Maintenance).delete({ id: maintenance.id });
  });

  it('should fail a system job whose scheduler went silent past the deadline', async () => {
    const silent = await cluster.dataSource.getRepository(Job).save({
      id: randomUUID(),
      kind: 'ImportZabbixSettings',
      name: 'ImportZabbixSettings',
      status: 'running',
      correlationId: 'test',
      subject: '',
      payload: {},
      trigger: 'schedule',
      publishedAt: new Date(Date.now() - 20 * MINUTE),
      startedAt: new Date(Date.now() - 20 * MINUTE),
      lastSeenAt: new Date(Date.now() - 10 * MINUTE),
    });

    // Swept as by a scheduler that has watched for a whole deadline (5 min): one just started reaps nothing.
    await cluster.apps[0]?.get(JobReaperService).sweep(new Date(Date.now() + 5 * MINUTE));

    expect(await cluster.job(silent.id)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('no sign of life'),
    });
  });
});
