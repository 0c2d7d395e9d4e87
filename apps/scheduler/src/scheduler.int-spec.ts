import { randomUUID } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type JsMsg } from '@nats-io/jetstream';
import {
  Consumers,
  Messages,
  type HostDeleteJobPayload,
  type HostUpsertJobPayload,
  type JobResultPayload,
  type NetboxEventPayload,
} from '@lib/contracts';
import { loadConfig, SchedulerConfig } from '@lib/config';
import { decodeEnvelope, ensureTopology, JetStreamPublisher, NatsConnection } from '@lib/messaging';
import { HostConfig, Job } from '@lib/models';
import { loadNetboxFixture, PrivateNatsServer, TestDatabase, waitFor } from '@lib/testing';
import { DataSource } from 'typeorm';
import { SchedulerModule } from './scheduler.module';

jest.setTimeout(60_000);

type DeviceData = Record<string, unknown> & { id: number; name: string };

describe(SchedulerModule.name, () => {
  const database = new TestDatabase();
  let nats: PrivateNatsServer;
  let app: INestApplication;
  let dataSource: DataSource;
  let client: NatsConnection;
  let publisher: JetStreamPublisher;
  const template = loadNetboxFixture<{ data: DeviceData }>('webhook-device-updated.json').data;
  let clock = Date.parse('2026-11-01T00:00:00Z');

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

  async function publishEvent(action: NetboxEventPayload['action'], data: DeviceData): Promise<void> {
    const requestId = randomUUID();
    await publisher.publish(
      Messages.netboxEvent,
      {
        objectType: 'dcim.device',
        objectId: data.id,
        action,
        timestamp: new Date().toISOString(),
        requestId,
        username: 'tester',
        data,
        prechange: null,
        postchange: null,
      },
      { messageId: `${requestId}:${data.id}:${action}`, correlationId: requestId },
    );
  }

  /** Plays the writer's part on the bus: takes the next job message. */
  async function nextJobMessage(): Promise<{
    message: JsMsg;
    job: HostUpsertJobPayload | HostDeleteJobPayload;
  }> {
    const consumer = await client.jetstream.consumers.get(
      Consumers.writerZabbixJobs.stream.name,
      Consumers.writerZabbixJobs.durable,
    );
    const message = await waitFor(
      async () => (await consumer.next({ expires: 1_000 })) ?? undefined,
      'a job message',
    );
    const definition = Messages.hostUpsertJob.matches(message.subject)
      ? Messages.hostUpsertJob
      : Messages.hostDeleteJob;
    return {
      message,
      job: decodeEnvelope(definition as typeof Messages.hostUpsertJob, message.data).payload,
    };
  }

  async function report(
    job: { jobId: string; hostKey: string; revision: number },
    kind: JobResultPayload['kind'],
    outcome: JobResultPayload['outcome'],
    extra: Partial<JobResultPayload> = {},
  ): Promise<void> {
    const now = new Date().toISOString();
    await publisher.publish(
      Messages.jobResult,
      {
        jobId: job.jobId,
        kind,
        hostKey: job.hostKey,
        revision: job.revision,
        outcome,
        attempt: 1,
        startedAt: now,
        finishedAt: now,
        worker: 'test-writer',
        ...extra,
      },
      { messageId: `result:${job.jobId}:1:${outcome}`, correlationId: 'test' },
    );
  }

  async function jobsFor(objectId: number): Promise<Job[]> {
    return dataSource
      .getRepository(Job)
      .find({ where: { hostKey: `dcim.device:${objectId}` }, order: { createdAt: 'ASC' } });
  }

  async function hostConfig(objectId: number): Promise<HostConfig | null> {
    return dataSource.getRepository(HostConfig).findOne({
      where: { objectType: 'dcim.device', objectId },
      relations: { hostGroups: true, templates: true, agentInterfaces: true },
    });
  }

  beforeAll(async () => {
    nats = await PrivateNatsServer.start();
    await database.create();
    const config = loadConfig(SchedulerConfig, {
      DATABASE_URL: database.url,
      NATS_URL: nats.url,
      OUTBOX_INTERVAL_MS: '500',
      LOG_LEVEL: 'warn',
    });
    app = await NestFactory.create(SchedulerModule.forRoot(config), { logger: ['error'] });
    await app.init();
    dataSource = app.get(DataSource);
    client = new NatsConnection({ servers: nats.url, name: 'scheduler-test' });
    await client.open();
    await ensureTopology(client);
    publisher = new JetStreamPublisher(client);
  });

  afterAll(async () => {
    await app?.close();
    await client?.close();
    await nats?.dispose();
    await database.drop();
  });

  it('should create the default mappings on first start', async () => {
    const rows = await dataSource.query<{ name: string }[]>(
      'SELECT name FROM device_mapping WHERE is_default',
    );
    expect(rows).toEqual([{ name: 'Default device mapping' }]);
  });

  it('should turn a device event into a host config and a create job carrying the full desired host', async () => {
    await publishEvent('created', device(1001, '192.0.2.11'));
    const { message, job } = await nextJobMessage();
    message.ack();
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
    const config = await hostConfig(1001);
    expect(config).toMatchObject({
      name: 'nzbt-device-1001',
      hostid: null,
      inSync: false,
      desiredRevision: 1,
    });
    expect(config?.hostGroups.map((group) => group.name)).toEqual(['NetBox']);
    expect(config?.templates.map((row) => row.name)).toEqual(['ICMP Ping']);
    expect(config?.agentInterfaces).toEqual([
      expect.objectContaining({ ip: '192.0.2.11', port: 10050, main: 1 }),
    ]);
    const [row] = await jobsFor(1001);
    expect(row).toMatchObject({
      status: 'pending',
      kind: 'CreateZabbixHost',
      correlationId: expect.any(String),
    });
    expect(row?.publishedAt).toBeInstanceOf(Date);
  });

  it('should move the job to running, then completed, and record the hostid when the writer reports', async () => {
    const [row] = await jobsFor(1001);
    const job = { jobId: row.id, hostKey: 'dcim.device:1001', revision: 1 };
    await report(job, 'CreateZabbixHost', 'started');
    await waitFor(async () => (await jobsFor(1001))[0]?.status === 'running', 'job running');
    await report(job, 'CreateZabbixHost', 'succeeded', { operation: 'created', hostid: '50001' });
    await waitFor(async () => (await jobsFor(1001))[0]?.status === 'completed', 'job completed');
    const config = await hostConfig(1001);
    expect(config).toMatchObject({ hostid: '50001', inSync: true, appliedRevision: 1, activeJobId: null });
    expect(config?.lastSyncUpdate).toBeInstanceOf(Date);
  });

  it('should send nothing for an event that changes nothing', async () => {
    const before = (await jobsFor(1001)).length;
    await publishEvent('updated', { ...device(1001, '192.0.2.11') });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await jobsFor(1001)).length).toBe(before);
  });

  it('should collapse a burst of 50 edits during a job into one follow-up job with the latest state', async () => {
    await publishEvent('updated', device(1001, '192.0.2.12'));
    const first = await nextJobMessage();
    first.message.ack();
    expect(first.job).toMatchObject({ kind: 'UpdateZabbixHost', hostid: '50001' });

    for (let index = 1; index <= 50; index += 1)
      await publishEvent('updated', device(1001, `198.51.100.${index}`));
    await waitFor(
      // Events are handled 8 at a time, so some arrive after a newer one and are dropped as stale: the
      // newest NetBox state (the 50th edit) must win all the same.
      async () => (await hostConfig(1001))?.desiredState?.interfaces[0]?.ip === '198.51.100.50',
      'the newest edit recorded',
    );
    expect((await jobsFor(1001)).filter((job) => job.status === 'pending')).toHaveLength(1);

    await report(first.job, 'UpdateZabbixHost', 'succeeded', { operation: 'updated', hostid: '50001' });
    const second = await nextJobMessage();
    second.message.ack();
    expect(second.job).toMatchObject({
      kind: 'UpdateZabbixHost',
      revision: (await hostConfig(1001))?.desiredRevision,
    });
    expect((second.job as HostUpsertJobPayload).desired.interfaces[0]?.ip).toBe('198.51.100.50');
    await report(second.job, 'UpdateZabbixHost', 'succeeded', { operation: 'updated', hostid: '50001' });
    await waitFor(async () => (await hostConfig(1001))?.inSync === true, 'host in sync');
    const burstJobs = (await jobsFor(1001)).filter((job) => job.kind === 'UpdateZabbixHost');
    expect(burstJobs).toHaveLength(2);
  });

  it('should ignore an event older than the state already applied', async () => {
    const stale = device(1001, '203.0.113.99', { last_updated: '2020-01-01T00:00:00Z' });
    await publishEvent('updated', stale);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await hostConfig(1001))?.desiredState?.interfaces[0]?.ip).toBe('198.51.100.50');
  });

  it('should send a soft delete job when NetBox deletes the device, then forget the host config', async () => {
    await publishEvent('deleted', device(1001, '198.51.100.50'));
    const { message, job } = await nextJobMessage();
    message.ack();
    expect(job).toMatchObject({
      hostKey: 'dcim.device:1001',
      hostid: '50001',
      host: 'nzbt-device-1001',
      mode: 'soft',
      graveyard: { group: 'graveyard', suffix: '_archived' },
    });
    await report(job, 'DeleteZabbixHost', 'succeeded', { operation: 'archived', hostid: '50001' });
    await waitFor(async () => (await hostConfig(1001)) === null, 'host config forgotten');
  });

  it('should record a failed job and keep the host out of sync', async () => {
    await publishEvent('created', device(1002, '192.0.2.22'));
    const { message, job } = await nextJobMessage();
    message.ack();
    await report(job, 'CreateZabbixHost', 'failed', { error: 'template "ICMP Ping" does not exist' });
    await waitFor(async () => (await jobsFor(1002))[0]?.status === 'failed', 'job failed');
    expect((await jobsFor(1002))[0]).toMatchObject({
      error: 'template "ICMP Ping" does not exist',
      completedAt: expect.any(Date),
    });
    expect(await hostConfig(1002)).toMatchObject({
      inSync: false,
      lastError: 'template "ICMP Ping" does not exist',
      activeJobId: null,
    });
  });

  it('should publish a job again from the outbox when its first publish was not confirmed', async () => {
    const [failed] = await jobsFor(1002);
    await dataSource
      .getRepository(Job)
      .update(
        { id: failed.id },
        { publishedAt: null, status: 'pending', createdAt: new Date(Date.now() - 60_000) },
      );
    await waitFor(
      async () =>
        (await dataSource.getRepository(Job).findOneBy({ id: failed.id }))?.publishedAt ?? undefined,
      'outbox republish',
    );
  });
});
