import { type INestApplication } from '@nestjs/common';
import { type Consumer } from '@nats-io/jetstream';
import {
  Messages,
  Streams,
  type DeadLetterPayload,
  type EnvelopeOf,
  type JobResultPayload,
  type MessageDefinition,
} from '@lib/contracts';
import { ZabbixClient } from '@lib/clients';
import { loadConfig, WriterConfig } from '@lib/config';
import { decodeEnvelope, JetStreamPublisher, NatsConnection } from '@lib/messaging';
import {
  buildDeleteJob,
  buildDesiredHost,
  buildUpsertJob,
  cleanupZabbixByPrefix,
  PrivateNatsServer,
  uniqueZabbixTestPrefix,
  TEST_SECRETS_KEY,
} from '@lib/testing';
import { createZabbixWriterApp } from './zabbix-writer-app.factory';
import { ZabbixWriterModule } from './zabbix-writer.module';

/**
 * The whole writer in one process: jobs published on a private NATS JetStream server (the shared one is left
 * alone), the real Zabbix API, results and dead letters read back from their streams.
 */
describe(ZabbixWriterModule.name, () => {
  const prefix = uniqueZabbixTestPrefix();
  let nats: PrivateNatsServer;
  let app: INestApplication;
  let httpUrl: string;
  let publisher: JetStreamPublisher;
  let zabbix: ZabbixClient;
  let results: Consumer;
  let deadLetters: Consumer;

  async function nextMatching<TPayload extends object>(
    consumer: Consumer,
    definition: MessageDefinition<TPayload>,
    matches: (payload: TPayload) => boolean,
  ): Promise<EnvelopeOf<TPayload>> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const message = await consumer.next({ expires: 1_000 });
      if (!message) continue;
      const envelope = decodeEnvelope(definition, message.data);
      if (matches(envelope.payload)) return envelope;
    }
    throw new Error(`no ${definition.name} message arrived in time`);
  }

  beforeAll(async () => {
    nats = await PrivateNatsServer.start();
    const config = loadConfig(WriterConfig, {
      ...process.env,
      NATS_URL: nats.url,
      SECRETS_KEY: TEST_SECRETS_KEY,
      WRITER_ID: 'writer-it',
      WRITER_CONCURRENCY: '2',
      LOG_LEVEL: 'error',
    });
    app = await createZabbixWriterApp(config, { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    httpUrl = await app.getUrl();
    await app.startAllMicroservices();
    publisher = app.get(JetStreamPublisher);
    zabbix = app.get(ZabbixClient);
    const connection = app.get(NatsConnection);
    // The publisher's connection creates the results stream in the background: wait for it.
    await connection.ready();
    results = await connection.jetstream.consumers.get(Streams.zabbixResults.name);
    deadLetters = await connection.jetstream.consumers.get(Streams.deadLetters.name);
  });

  afterAll(async () => {
    if (zabbix) await cleanupZabbixByPrefix(zabbix, prefix);
    if (app) await app.close();
    if (nats) await nats.dispose();
  });

  it('should create the host, report the result and then delete it when jobs arrive', async () => {
    const upsert = buildUpsertJob(
      buildDesiredHost(prefix, { host: `${prefix}e2e`, name: `${prefix}E2E`, templates: [] }),
    );

    await publisher.publish(Messages.hostUpsertJob, upsert, {
      messageId: `job:${upsert.jobId}`,
      correlationId: 'corr-create',
    });
    const started = await nextMatching(
      results,
      Messages.jobResult,
      (result) => result.jobId === upsert.jobId,
    );
    const created = await nextMatching(
      results,
      Messages.jobResult,
      (result) => result.jobId === upsert.jobId,
    );

    expect(started.messageId).toBe(`result:${upsert.jobId}:1:started`);
    expect(started.payload).toMatchObject({ outcome: 'started', attempt: 1, worker: 'writer-it' });
    expect(created.correlationId).toBe('corr-create');
    expect(created.messageId).toBe(`result:${upsert.jobId}:1:succeeded`);
    expect(created.payload).toMatchObject({
      jobId: upsert.jobId,
      kind: 'CreateZabbixHost',
      hostKey: upsert.hostKey,
      revision: upsert.revision,
      outcome: 'succeeded',
      operation: 'created',
      hostid: expect.any(String),
      attempt: 1,
      worker: 'writer-it',
    });
    const [host] = await zabbix.getHostsByIds([created.payload.hostid ?? '']);
    expect(host?.host).toBe(`${prefix}e2e`);

    const remove = buildDeleteJob(`${prefix}e2e`, prefix, { hostid: created.payload.hostid, mode: 'hard' });
    await publisher.publish(Messages.hostDeleteJob, remove, {
      messageId: `job:${remove.jobId}`,
      correlationId: 'corr-delete',
    });
    const deleted = await nextMatching(
      results,
      Messages.jobResult,
      (result) => result.jobId === remove.jobId && result.outcome !== 'started',
    );

    expect(deleted.payload).toMatchObject({
      kind: 'DeleteZabbixHost',
      outcome: 'succeeded',
      operation: 'deleted',
      hostid: created.payload.hostid,
    });
    expect(await zabbix.getHostsByIds([created.payload.hostid ?? ''])).toEqual([]);
  });

  it('should report a failed result and dead-letter the job when a template does not exist', async () => {
    const upsert = buildUpsertJob(
      buildDesiredHost(prefix, { host: `${prefix}bad-template`, templates: [`${prefix}No such template`] }),
    );

    await publisher.publish(Messages.hostUpsertJob, upsert, {
      messageId: `job:${upsert.jobId}`,
      correlationId: 'corr-bad',
    });
    const failed = await nextMatching(
      results,
      Messages.jobResult,
      (result) => result.jobId === upsert.jobId && result.outcome !== 'started',
    );
    const dead = await nextMatching<DeadLetterPayload>(
      deadLetters,
      Messages.deadLetter,
      (letter) => letter.originalMessageId === `job:${upsert.jobId}`,
    );

    expect(failed.correlationId).toBe('corr-bad');
    expect(failed.payload).toMatchObject<Partial<JobResultPayload>>({
      outcome: 'failed',
      attempt: 1,
      error: expect.stringContaining(`"${prefix}No such template"`),
    });
    expect(failed.payload.operation).toBeUndefined();
    expect(dead.payload).toMatchObject({ errorType: 'MissingZabbixObjectsError', deliveryCount: 1 });
    expect(await zabbix.getHostsByTechnicalNames([`${prefix}bad-template`])).toEqual([]);
  });

  it('should serve its figures on /metrics and answer ready when NATS and Zabbix answer', async () => {
    const [ready, metrics] = await Promise.all([fetch(`${httpUrl}/readyz`), fetch(`${httpUrl}/metrics`)]);
    const text = await metrics.text();

    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', nats: true, zabbix: true });
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    // The tests above: one created host, one deleted, one refused for its missing template.
    expect(text).toContain('nbzb_writer_jobs_total{kind="CreateZabbixHost",status="succeeded"} 1');
    expect(text).toContain('nbzb_writer_jobs_total{kind="DeleteZabbixHost",status="succeeded"} 1');
    expect(text).toContain('nbzb_writer_jobs_total{kind="CreateZabbixHost",status="failed"} 1');
    expect(text).toMatch(
      /nbzb_writer_job_duration_seconds_count\{kind="CreateZabbixHost",status="succeeded"\} 1/,
    );
    expect(text).toMatch(/nbzb_zabbix_call_duration_seconds_count\{method="host\.create"\} [1-9]/);
    expect(text).toMatch(/nbzb_zabbix_call_duration_seconds_count\{method="template\.get"\} [1-9]/);
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});
