import { type HostUpsertJobPayload } from '@lib/contracts';
import { Job } from '@lib/models';
import { loadNetboxFixture, waitFor } from '@lib/testing';
import { SchedulerHarness } from '../test/scheduler-harness';
import { SchedulerModule } from './scheduler.module';

jest.setTimeout(60_000);

type DeviceData = Record<string, unknown> & { id: number; name: string };

describe(SchedulerModule.name, () => {
  let harness: SchedulerHarness;
  const template = loadNetboxFixture<{ data: DeviceData }>('webhook-device-updated.json').data;
  let clock = Date.parse('2026-11-01T00:00:00Z');
  const key = (id: number): string => `dcim.device:${id}`;

  function device(id: number, ip: string, extra: Record<string, unknown> = {}): DeviceData {
    clock += 1_000;
    return {
      ...template,
      id,
      name: `nzbt-device-${id}`,
      primary_ip4: { id: id * 10, address: `${ip}/24`, dns_name: '', family: { value: 4, label: 'IPv4' } },
      last_updated: new Date(clock).toISOString(),
      ...extra,
    };
  }

  beforeAll(async () => {
    harness = await SchedulerHarness.start();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('should create the default mappings on first start', async () => {
    const rows = await harness.dataSource.query<{ name: string }[]>(
      'SELECT name FROM device_mapping WHERE is_default',
    );
    expect(rows).toEqual([{ name: 'Default device mapping' }]);
  });

  it('should turn a device event into a host config and a create job carrying the full desired host', async () => {
    await harness.publishEvent('dcim.device', 1001, 'created', device(1001, '192.0.2.11'));
    const job = await harness.nextJob();
    expect(job).toMatchObject({
      kind: 'CreateZabbixHost',
      hostKey: 'dcim.device:1001',
      revision: 1,
      desired: {
        host: 'nzbt-device-1001',
        groups: ['NetBox'],
        templates: ['ICMP Ping'],
        interfaces: [{ kind: 'agent', main: true, useIp: true, ip: '192.0.2.11', port: 10050 }],
      },
    });
    const config = await harness.hostConfig('dcim.device', 1001);
    expect(config).toMatchObject({
      name: 'nzbt-device-1001',
      hostid: null,
      inSync: false,
      desiredRevision: 1,
      siteId: 3,
      roleId: 4,
    });
    expect(config?.hostGroups.map((group) => group.name)).toEqual(['NetBox']);
    expect(config?.templates.map((row) => row.name)).toEqual(['ICMP Ping']);
    expect(config?.agentInterfaces).toEqual([
      expect.objectContaining({ ip: '192.0.2.11', port: 10050, main: 1 }),
    ]);
    // The message can reach the writer a moment before the scheduler records that JetStream stored it.
    const row = await waitFor(async () => {
      const [candidate] = await harness.jobsFor(key(1001));
      return candidate?.publishedAt ? candidate : undefined;
    }, 'the job marked published');
    expect(row).toMatchObject({
      status: 'pending',
      kind: 'CreateZabbixHost',
      correlationId: expect.any(String),
    });
  });

  it('should move the job to running, then completed, and record the hostid when the writer reports', async () => {
    const [row] = await harness.jobsFor(key(1001));
    const job = row.payload as unknown as HostUpsertJobPayload;
    await harness.report(job, 'started');
    await waitFor(async () => (await harness.jobsFor(key(1001)))[0]?.status === 'running', 'job running');
    await harness.report(job, 'succeeded', { operation: 'created', hostid: '50001' });
    await waitFor(async () => (await harness.jobsFor(key(1001)))[0]?.status === 'completed', 'job completed');
    const config = await harness.hostConfig('dcim.device', 1001);
    expect(config).toMatchObject({ hostid: '50001', inSync: true, appliedRevision: 1, activeJobId: null });
    expect(config?.lastSyncUpdate).toBeInstanceOf(Date);
  });

  it('should send nothing for an event that changes nothing', async () => {
    await harness.publishEvent('dcim.device', 1001, 'updated', device(1001, '192.0.2.11'));
    expect(await harness.noJobWithin(1_500)).toBe(true);
    expect(await harness.jobsFor(key(1001))).toHaveLength(1);
  });

  it('should collapse a burst of 50 edits during a job into one follow-up job with the latest state', async () => {
    await harness.publishEvent('dcim.device', 1001, 'updated', device(1001, '192.0.2.12'));
    const first = await harness.nextJob();
    expect(first).toMatchObject({ kind: 'UpdateZabbixHost', hostid: '50001' });

    for (let index = 1; index <= 50; index += 1) {
      await harness.publishEvent('dcim.device', 1001, 'updated', device(1001, `198.51.100.${index}`));
    }
    // Events are handled 8 at a time, so some arrive after a newer one and are dropped as stale: the
    // newest NetBox state (the 50th edit) must win all the same.
    await waitFor(
      async () =>
        (await harness.hostConfig('dcim.device', 1001))?.desiredState?.interfaces[0]?.ip === '198.51.100.50',
      'the newest edit recorded',
    );
    expect((await harness.jobsFor(key(1001))).filter((job) => job.status === 'pending')).toHaveLength(1);

    await harness.report(first, 'succeeded', { operation: 'updated', hostid: '50001' });
    const second = (await harness.nextJob()) as HostUpsertJobPayload;
    expect(second).toMatchObject({
      kind: 'UpdateZabbixHost',
      revision: (await harness.hostConfig('dcim.device', 1001))?.desiredRevision,
    });
    expect(second.desired.interfaces[0]?.ip).toBe('198.51.100.50');
    await harness.report(second, 'succeeded', { operation: 'updated', hostid: '50001' });
    await waitFor(
      async () => (await harness.hostConfig('dcim.device', 1001))?.inSync === true,
      'host in sync',
    );
    expect((await harness.jobsFor(key(1001))).filter((job) => job.kind === 'UpdateZabbixHost')).toHaveLength(
      2,
    );
  });

  it('should hold the follow-up back until paced edits stop, then send one job with the last state', async () => {
    await harness.publishEvent('dcim.device', 1004, 'created', device(1004, '192.0.2.40'));
    await harness.report(await harness.nextJob(), 'succeeded', { operation: 'created', hostid: '50004' });

    // NetBox edits a few hundred ms apart: each outlasts a write, so without the settle window every
    // edit would get its own job. A prompt writer answers whatever job comes.
    const edits = (async () => {
      for (let index = 1; index <= 8; index += 1) {
        await harness.publishEvent('dcim.device', 1004, 'updated', device(1004, `203.0.113.${index}`));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const sent: HostUpsertJobPayload[] = [];
    let editing = true;
    void edits.finally(() => (editing = false));
    while (editing || !(await harness.noJobWithin(2_500))) {
      const job = (await harness.nextJob(30_000).catch(() => undefined)) as HostUpsertJobPayload | undefined;
      if (!job) continue;
      sent.push(job);
      await harness.report(job, 'succeeded', { operation: 'updated', hostid: '50004' });
    }

    expect(sent.map((job) => job.desired.interfaces[0]?.ip)).toEqual(['203.0.113.8']);
  });

  it('should ignore an event older than the state already applied', async () => {
    await harness.publishEvent(
      'dcim.device',
      1001,
      'updated',
      device(1001, '203.0.113.99', { last_updated: '2020-01-01T00:00:00Z' }),
    );
    expect(await harness.noJobWithin(1_500)).toBe(true);
    expect((await harness.hostConfig('dcim.device', 1001))?.desiredState?.interfaces[0]?.ip).toBe(
      '198.51.100.50',
    );
  });

  it('should send a soft delete job when NetBox deletes the device, then forget the host config', async () => {
    await harness.publishEvent('dcim.device', 1001, 'deleted', device(1001, '198.51.100.50'));
    const job = await harness.nextJob();
    expect(job).toMatchObject({
      hostKey: 'dcim.device:1001',
      hostid: '50001',
      host: 'nzbt-device-1001',
      mode: 'soft',
      graveyard: { group: 'graveyard', suffix: '_archived' },
    });
    await harness.report(job, 'succeeded', { operation: 'archived', hostid: '50001' });
    await waitFor(
      async () => (await harness.hostConfig('dcim.device', 1001)) === null,
      'host config forgotten',
    );
  });

  it('should record a failed job and keep the host out of sync', async () => {
    await harness.publishEvent('dcim.device', 1002, 'created', device(1002, '192.0.2.22'));
    const job = await harness.nextJob();
    await harness.report(job, 'failed', { error: 'template "ICMP Ping" does not exist' });
    await waitFor(async () => (await harness.jobsFor(key(1002)))[0]?.status === 'failed', 'job failed');
    expect((await harness.jobsFor(key(1002)))[0]).toMatchObject({
      error: 'template "ICMP Ping" does not exist',
      completedAt: expect.any(Date),
    });
    expect(await harness.hostConfig('dcim.device', 1002)).toMatchObject({
      inSync: false,
      lastError: 'template "ICMP Ping" does not exist',
      activeJobId: null,
    });
  });

  it('should fail a job that can never be published and free its host instead of retrying for ever', async () => {
    await harness.publishEvent('dcim.device', 1003, 'created', device(1003, '192.0.2.33'));
    const job = await harness.nextJob();
    await harness.report(job, 'succeeded', { operation: 'created', hostid: '50003' });
    await waitFor(
      async () => (await harness.hostConfig('dcim.device', 1003))?.inSync === true,
      'host in sync',
    );

    // A stored job whose payload no longer validates (as if written by an older, buggy release).
    await harness.publishEvent('dcim.device', 1003, 'updated', device(1003, '192.0.2.34'));
    const stuck = await waitFor(
      async () => (await harness.jobsFor(key(1003))).find((row) => row.status === 'pending'),
      'the update job',
    );
    await harness.nextJob();
    await harness.dataSource
      .getRepository(Job)
      .update(
        { id: stuck.id },
        { publishedAt: null, payload: { jobId: stuck.id }, createdAt: new Date(Date.now() - 60_000) },
      );

    await waitFor(
      async () => (await harness.jobsFor(key(1003))).find((row) => row.id === stuck.id)?.status === 'failed',
      'the job failed',
    );
    const config = await harness.hostConfig('dcim.device', 1003);
    expect(config).toMatchObject({
      activeJobId: null,
      inSync: false,
      lastError: expect.stringContaining('not sent'),
    });
  });

  it('should fail a job a writer dead-lettered without a result, and send the change that waited behind it', async () => {
    await harness.publishEvent('dcim.device', 1005, 'created', device(1005, '192.0.2.50'));
    const lost = await harness.nextJob();
    await harness.publishEvent('dcim.device', 1005, 'updated', device(1005, '192.0.2.51'));
    await waitFor(
      async () => (await harness.hostConfig('dcim.device', 1005))?.desiredRevision === 2,
      'the change recorded',
    );

    await harness.deadLetter(lost, 'payload could not be decoded');

    const followUp = (await harness.nextJob()) as HostUpsertJobPayload;
    expect(followUp).toMatchObject({ kind: 'CreateZabbixHost', revision: 2 });
    expect(followUp.desired.interfaces[0]?.ip).toBe('192.0.2.51');
    const [first] = await harness.jobsFor(key(1005));
    expect(first).toMatchObject({
      id: lost.jobId,
      status: 'failed',
      error: expect.stringContaining(
        'dead-lettered by zabbix-writer-jobs-v1 (InvalidMessageError): payload could not be decoded',
      ),
    });
  });

  it('should publish a job again from the outbox when its first publish was not confirmed', async () => {
    const [failed] = await harness.jobsFor(key(1002));
    await harness.dataSource
      .getRepository(Job)
      .update(
        { id: failed.id },
        { publishedAt: null, status: 'pending', createdAt: new Date(Date.now() - 60_000) },
      );
    await waitFor(
      async () =>
        (await harness.dataSource.getRepository(Job).findOneBy({ id: failed.id }))?.publishedAt ?? undefined,
      'outbox republish',
    );
  });
});
