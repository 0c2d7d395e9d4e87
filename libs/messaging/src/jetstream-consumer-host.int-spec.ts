import { randomUUID } from 'node:crypto';
import {
  Messages,
  PermanentError,
  RetryableError,
  Streams,
  Subjects,
  type ConsumerSpec,
  type DeadLetterPayload,
  type HostDeleteJobPayload,
  type StreamSpec,
} from '@lib/contracts';
import { PrivateNatsServer, waitFor } from '@lib/testing';
import { bindHandler, JetStreamConsumerHost, type HandlerContext } from './jetstream-consumer-host';
import { JetStreamPublisher } from './jetstream-publisher';
import { ensureConsumer, ensureStream } from './jetstream-topology';
import { decodeEnvelope } from './message-codec';
import { NatsConnection } from './nats-connection';

jest.setTimeout(60_000);

const jobsStream: StreamSpec = { ...Streams.zabbixJobs, name: 'TEST_JOBS' };
const consumer: ConsumerSpec = {
  stream: jobsStream,
  durable: 'test-worker',
  filterSubject: Subjects.zabbixJobsAll,
  ackWaitMs: 1_500,
  maxAckPending: 100,
  maxAttempts: 3,
};

function deleteJob(host: string): HostDeleteJobPayload {
  return {
    jobId: randomUUID(),
    hostKey: 'dcim.device:1',
    revision: 1,
    host,
    mode: 'hard',
    graveyard: { group: 'graveyard', suffix: '_archived' },
  };
}

describe(JetStreamConsumerHost.name, () => {
  let server: PrivateNatsServer;
  let nats: NatsConnection;
  let publisher: JetStreamPublisher;
  let host: JetStreamConsumerHost;
  const calls = new Map<string, number[]>();
  const behaviour = new Map<string, (attempt: number, context: HandlerContext) => Promise<void>>();

  async function deadLetters(): Promise<DeadLetterPayload[]> {
    const info = await nats.jetstreamManager.streams.info(Streams.deadLetters.name);
    const letters: DeadLetterPayload[] = [];
    for (
      let sequence = info.state.first_seq;
      sequence <= info.state.last_seq && info.state.messages > 0;
      sequence += 1
    ) {
      const stored = await nats.jetstreamManager.streams.getMessage(Streams.deadLetters.name, {
        seq: sequence,
      });
      if (stored) letters.push(decodeEnvelope(Messages.deadLetter, stored.data).payload);
    }
    return letters;
  }

  async function queued(): Promise<number> {
    return (await nats.jetstreamManager.streams.info(jobsStream.name)).state.messages;
  }

  beforeAll(async () => {
    server = await PrivateNatsServer.start();
    nats = new NatsConnection({ servers: server.url, name: 'consumer-host-test' });
    nats.start(async (connection) => {
      await ensureStream(connection.jetstreamManager, jobsStream);
      await ensureStream(connection.jetstreamManager, Streams.deadLetters);
      await ensureConsumer(connection.jetstreamManager, consumer);
    });
    await nats.ready();
    publisher = new JetStreamPublisher(nats);
    host = new JetStreamConsumerHost(nats, publisher);
    await host.start(
      consumer,
      [
        bindHandler(Messages.hostDeleteJob, async (job, context) => {
          const times = calls.get(job.host) ?? [];
          times.push(Date.now());
          calls.set(job.host, times);
          await behaviour.get(job.host)?.(context.deliveryCount, context);
        }),
      ],
      { concurrency: 4, retry: { baseDelayMs: 300, maxDelayMs: 5_000 } },
    );
  });

  afterAll(async () => {
    await host?.stop();
    await nats?.close();
    await server?.dispose();
  });

  it('should ack a handled message and remove it from the work queue', async () => {
    await publisher.publish(Messages.hostDeleteJob, deleteJob('ok'), { correlationId: 'c-ok' });
    await waitFor(() => calls.get('ok')?.length === 1, 'one call');
    await waitFor(async () => (await queued()) === 0, 'an empty work queue');
  });

  it('should retry a retryable failure with a growing delay until it succeeds', async () => {
    behaviour.set('flaky', (attempt) =>
      attempt < 3 ? Promise.reject(new RetryableError('Zabbix is busy')) : Promise.resolve(),
    );
    await publisher.publish(Messages.hostDeleteJob, deleteJob('flaky'), { correlationId: 'c-flaky' });
    await waitFor(() => calls.get('flaky')?.length === 3, 'three attempts');
    const [first, second, third] = calls.get('flaky') ?? [];
    expect(second - first).toBeGreaterThanOrEqual(280);
    expect(third - second).toBeGreaterThanOrEqual(580);
    await waitFor(async () => (await queued()) === 0, 'an empty work queue');
    expect((await deadLetters()).filter((letter) => letter.originalBody.includes('flaky'))).toEqual([]);
  });

  it('should dead-letter a permanent failure at once, with its reason, and not retry it', async () => {
    behaviour.set('broken', () => Promise.reject(new PermanentError('template "Nope" does not exist')));
    await publisher.publish(Messages.hostDeleteJob, deleteJob('broken'), { correlationId: 'c-broken' });
    const letter = await waitFor(
      async () => (await deadLetters()).find((candidate) => candidate.originalBody.includes('broken')),
      'a dead letter',
    );
    expect(letter).toMatchObject({
      originalSubject: Subjects.hostDeleteJob,
      consumer: 'test-worker',
      errorType: 'PermanentError',
      reason: 'template "Nope" does not exist',
      deliveryCount: 1,
    });
    await waitFor(async () => (await queued()) === 0, 'an empty work queue');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(calls.get('broken')).toHaveLength(1);
  });

  it('should dead-letter a retryable failure once the attempts run out', async () => {
    behaviour.set('down', () => Promise.reject(new RetryableError('connection refused')));
    await publisher.publish(Messages.hostDeleteJob, deleteJob('down'), { correlationId: 'c-down' });
    const letter = await waitFor(
      async () => (await deadLetters()).find((candidate) => candidate.originalBody.includes('down')),
      'a dead letter',
    );
    expect(letter).toMatchObject({
      errorType: 'RetryableError',
      deliveryCount: 3,
      reason: 'gave up after 3 attempts: connection refused',
    });
    expect(calls.get('down')).toHaveLength(3);
    await waitFor(async () => (await queued()) === 0, 'an empty work queue');
  });

  it('should dead-letter a message that is not valid JSON without calling any handler', async () => {
    await nats.jetstream.publish(Subjects.hostDeleteJob, new TextEncoder().encode('{not json'), {
      msgID: randomUUID(),
    });
    const letter = await waitFor(
      async () => (await deadLetters()).find((candidate) => candidate.originalBody === '{not json'),
      'a dead letter',
    );
    expect(letter).toMatchObject({ errorType: 'InvalidMessageError', deliveryCount: 1 });
    await waitFor(async () => (await queued()) === 0, 'an empty work queue');
  });

  it('should dead-letter a payload that fails validation', async () => {
    const envelope = {
      messageId: randomUUID(),
      occurredAt: new Date().toISOString(),
      correlationId: 'c',
      schemaVersion: 1,
      payload: { host: 'invalid' },
    };
    await nats.jetstream.publish(Subjects.hostDeleteJob, new TextEncoder().encode(JSON.stringify(envelope)), {
      msgID: envelope.messageId,
    });
    const letter = await waitFor(
      async () =>
        (await deadLetters()).find(
          (candidate) =>
            candidate.originalMessageId === undefined && candidate.originalBody.includes('"invalid"'),
        ),
      'a dead letter',
    );
    expect(letter.errorType).toBe('InvalidMessageError');
    expect(letter.reason).toMatch(/jobId/);
  });

  it('should keep a long job with its worker by signalling progress past ack_wait', async () => {
    behaviour.set('slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 4_500));
    });
    await publisher.publish(Messages.hostDeleteJob, deleteJob('slow'), { correlationId: 'c-slow' });
    await waitFor(
      async () => calls.get('slow')?.length === 1 && (await queued()) === 0,
      'the slow job done',
      15_000,
    );
    expect(calls.get('slow')).toHaveLength(1);
  });
});
