import { randomUUID } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Consumers,
  HOST_CHECK_JOB_KIND,
  hostCheckKey,
  Messages,
  type DeadLetterPayload,
  type HostCheckJobPayload,
  type HostDeleteJobPayload,
  type HostUpsertJobPayload,
  type JobResultPayload,
  type MaintenanceJobPayload,
  type NetboxEventPayload,
} from '@lib/contracts';
import { loadConfig, SchedulerConfig } from '@lib/config';
import { decodeEnvelope, ensureTopology, JetStreamPublisher, NatsConnection } from '@lib/messaging';
import { HostConfig, Job, type NetboxHostObjectType } from '@lib/models';
import { PrivateNatsServer, TEST_SECRETS_KEY, TestDatabase, waitFor } from '@lib/testing';
import { type JsMsg } from '@nats-io/jetstream';
import { createSchedulerApp } from '../src/scheduler-app.factory';

export type AnyJob = HostUpsertJobPayload | HostDeleteJobPayload;

/**
 * The scheduler as main.ts builds it (a hybrid app: HTTP and the JetStream transport) on a throw-away
 * database and a private NATS server; the test plays NetBox (publishing events) and the writer (taking job
 * messages, reporting results) on the bus.
 */
export class SchedulerHarness {
  private constructor(
    readonly app: INestApplication,
    readonly dataSource: DataSource,
    private readonly client: NatsConnection,
    private readonly publisher: JetStreamPublisher,
    private readonly nats: PrivateNatsServer,
    private readonly database: TestDatabase,
  ) {}

  static async start(environment: Record<string, string> = {}): Promise<SchedulerHarness> {
    const nats = await PrivateNatsServer.start();
    const database = new TestDatabase();
    await database.create();
    const config = loadConfig(SchedulerConfig, {
      DATABASE_URL: database.url,
      NATS_URL: nats.url,
      SECRETS_KEY: TEST_SECRETS_KEY,
      OUTBOX_INTERVAL_MS: '500',
      // Tests change mappings as they go; only the watcher's own test re-plans on a change.
      RULES_CHECK_INTERVAL_MS: '3600000',
      LOG_LEVEL: 'warn',
      ...environment,
    });
    const app = await createSchedulerApp(config, { logger: ['error'] });
    const client = new NatsConnection({ servers: nats.url, name: 'scheduler-test' });
    await client.open();
    await ensureTopology(client);
    return new SchedulerHarness(
      app,
      app.get(DataSource),
      client,
      new JetStreamPublisher(client),
      nats,
      database,
    );
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.client.close();
    await this.nats.dispose();
    await this.database.drop();
  }

  async publishEvent(
    objectType: string,
    objectId: number,
    action: NetboxEventPayload['action'],
    data: Record<string, unknown> | null,
    snapshots: Pick<NetboxEventPayload, 'prechange' | 'postchange'> = { prechange: null, postchange: null },
  ): Promise<void> {
    const requestId = randomUUID();
    await this.publisher.publish(
      Messages.netboxEvent,
      {
        objectType,
        objectId,
        action,
        timestamp: new Date().toISOString(),
        requestId,
        username: 'tester',
        data,
        ...snapshots,
      },
      { messageId: `${requestId}:${objectType}:${objectId}:${action}`, correlationId: requestId },
    );
  }

  /** Plays the writer's part: takes the next job message from the work queue and acks it. */
  async nextJob(timeoutMs = 15_000): Promise<AnyJob> {
    const message = await this.nextJobMessage(timeoutMs);
    if (Messages.hostUpsertJob.matches(message.subject))
      return decodeEnvelope(Messages.hostUpsertJob, message.data).payload;
    return decodeEnvelope(Messages.hostDeleteJob, message.data).payload;
  }

  /** Plays the writer's part for a batch check (the next job message must be one). */
  async nextCheckJob(timeoutMs = 15_000): Promise<HostCheckJobPayload> {
    const message = await this.nextJobMessage(timeoutMs);
    return decodeEnvelope(Messages.hostCheckJob, message.data).payload;
  }

  /** Reports a batch check's result: how each host compared, or the whole check failed. */
  async reportCheck(
    job: HostCheckJobPayload,
    outcome: 'started' | 'succeeded' | 'failed',
    extra: Partial<JobResultPayload> = {},
  ): Promise<void> {
    const now = new Date().toISOString();
    await this.publisher.publish(
      Messages.jobResult,
      {
        jobId: job.jobId,
        kind: HOST_CHECK_JOB_KIND,
        hostKey: hostCheckKey(job.hosts.length),
        revision: job.revision,
        outcome,
        ...(outcome === 'succeeded' ? { operation: 'checked' as const } : {}),
        attempt: 1,
        startedAt: now,
        finishedAt: now,
        worker: 'test-writer',
        ...extra,
      },
      { messageId: `result:${job.jobId}:1:${outcome}`, correlationId: 'test' },
    );
  }

  /** Plays the writer's part for a maintenance job (the next job message must be one). */
  async nextMaintenanceJob(timeoutMs = 15_000): Promise<MaintenanceJobPayload> {
    const message = await this.nextJobMessage(timeoutMs);
    return decodeEnvelope(Messages.maintenanceJob, message.data).payload;
  }

  private async nextJobMessage(timeoutMs: number): Promise<JsMsg> {
    const consumer = await this.client.jetstream.consumers.get(
      Consumers.writerZabbixJobs.stream.name,
      Consumers.writerZabbixJobs.durable,
    );
    const message: JsMsg = await waitFor(
      async () => (await consumer.next({ expires: 1_000 })) ?? undefined,
      'a job message',
      timeoutMs,
    );
    message.ack();
    return message;
  }

  /** No job message arrives within `quietMs`. */
  async noJobWithin(quietMs: number): Promise<boolean> {
    const consumer = await this.client.jetstream.consumers.get(
      Consumers.writerZabbixJobs.stream.name,
      Consumers.writerZabbixJobs.durable,
    );
    const message = await consumer.next({ expires: quietMs });
    if (message) message.nak();
    return message === null;
  }

  async report(
    job: AnyJob,
    outcome: JobResultPayload['outcome'],
    extra: Partial<JobResultPayload> = {},
    messageId = `result:${job.jobId}:1:${outcome}`,
  ): Promise<void> {
    const now = new Date().toISOString();
    const kind = 'kind' in job ? job.kind : 'DeleteZabbixHost';
    await this.publisher.publish(
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
      { messageId, correlationId: 'test' },
    );
  }

  /** Publishes a dead letter as a consumer pipeline would. */
  async publishDeadLetter(letter: DeadLetterPayload, messageId: string): Promise<void> {
    await this.publisher.publish(Messages.deadLetter, letter, { messageId, correlationId: 'test' });
  }

  /** Plays a writer that dead-lettered a job without reporting a result. */
  async deadLetter(job: AnyJob, reason: string): Promise<void> {
    const subject =
      'kind' in job ? Messages.hostUpsertJob.subjectFor(job) : Messages.hostDeleteJob.subjectFor(job);
    await this.publisher.publish(
      Messages.deadLetter,
      {
        originalSubject: subject,
        stream: Consumers.writerZabbixJobs.stream.name,
        consumer: Consumers.writerZabbixJobs.durable,
        streamSequence: 1,
        deliveryCount: 1,
        errorType: 'InvalidMessageError',
        reason,
        originalBody: JSON.stringify({ messageId: job.jobId, payload: job }),
        failedAt: new Date().toISOString(),
      },
      { correlationId: 'test' },
    );
  }

  async jobsFor(hostKey: string): Promise<Job[]> {
    return this.dataSource.getRepository(Job).find({ where: { hostKey }, order: { createdAt: 'ASC' } });
  }

  async hostConfig(objectType: NetboxHostObjectType, objectId: number): Promise<HostConfig | null> {
    return this.dataSource.getRepository(HostConfig).findOne({
      where: { objectType, objectId },
      relations: { hostGroups: true, templates: true, agentInterfaces: true },
    });
  }
}
