import { randomUUID } from 'node:crypto';
import {
  Controller,
  type DynamicModule,
  Inject,
  type INestMicroservice,
  Module,
  UseFilters,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, type CustomStrategy, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  HostDeleteJobPayload,
  Messages,
  PermanentError,
  RetryableError,
  Streams,
  Subjects,
  type ConsumerSpec,
  type DeadLetterPayload,
  type HostUpsertJobPayload,
  type StreamSpec,
} from '@lib/contracts';
import { buildDesiredHost, buildUpsertJob, PrivateNatsServer, waitFor } from '@lib/testing';
import { JetStreamExceptionFilter } from './jetstream-exception.filter';
import { JetStreamPublisher } from './jetstream-publisher';
import { type HandlerContext, JetStreamContext } from './jetstream.context';
import { JetStreamServer, type JetStreamServerOptions } from './jetstream.server';
import { decodeEnvelope } from './message-codec';
import { NatsConnection } from './nats-connection';

jest.setTimeout(60_000);

/** What the handlers saw, shared by every server instance of a test. */
class Recorder {
  readonly calls = new Map<string, HandlerContext[]>();
  readonly payloads: object[] = [];
  readonly behaviour = new Map<string, (context: HandlerContext) => Promise<void>>();
  running = 0;
  mostAtOnce = 0;

  async handle(key: string, payload: object, context: HandlerContext): Promise<void> {
    this.calls.set(key, [...(this.calls.get(key) ?? []), context]);
    this.payloads.push(payload);
    this.running += 1;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
    try {
      await this.behaviour.get(key)?.(context);
    } finally {
      this.running -= 1;
    }
  }

  attempts(key: string): number[] {
    return (this.calls.get(key) ?? []).map((context) => context.deliveryCount);
  }
}

@Controller()
@UseFilters(JetStreamExceptionFilter)
class DeleteJobsController {
  constructor(@Inject(Recorder) private readonly recorder: Recorder) {}

  @EventPattern(Subjects.hostDeleteJob)
  onDelete(@Payload() job: HostDeleteJobPayload, @Ctx() context: JetStreamContext): Promise<void> {
    return this.recorder.handle(job.host, job, context);
  }
}

@Controller()
@UseFilters(JetStreamExceptionFilter)
class DeadLettersController {
  constructor(@Inject(Recorder) private readonly recorder: Recorder) {}

  @EventPattern(Subjects.deadLettersAll)
  onDeadLetter(@Payload() letter: DeadLetterPayload, @Ctx() context: JetStreamContext): Promise<void> {
    return this.recorder.handle(letter.reason, letter, context);
  }
}

/** No JetStreamExceptionFilter: Nest's RPC exception handling replaces the handler's errors. */
@Controller()
class UnfilteredUpsertJobsController {
  constructor(@Inject(Recorder) private readonly recorder: Recorder) {}

  @EventPattern(Subjects.hostUpsertJob)
  onUpsert(@Payload() job: HostUpsertJobPayload, @Ctx() context: JetStreamContext): Promise<void> {
    return this.recorder.handle(job.desired.host, job, context);
  }
}

@Controller()
class RequestResponseController {
  @MessagePattern(Subjects.hostDeleteJob)
  answer(): string {
    return 'JetStream carries no replies';
  }
}

@Module({})
class TestModule {
  static with(recorder: Recorder, controllers: DynamicModule['controllers']): DynamicModule {
    return { module: TestModule, controllers, providers: [{ provide: Recorder, useValue: recorder }] };
  }
}

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

function jobsConsumer(stream: StreamSpec, ackWaitMs: number): ConsumerSpec {
  return {
    stream,
    durable: 'test-worker',
    filterSubject: Subjects.zabbixJobsAll,
    ackWaitMs,
    maxAckPending: 100,
    maxAttempts: 3,
  };
}

async function startServer(
  recorder: Recorder,
  options: JetStreamServerOptions,
  controllers: DynamicModule['controllers'] = [
    DeleteJobsController,
    UnfilteredUpsertJobsController,
    DeadLettersController,
  ],
): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice<CustomStrategy>(TestModule.with(recorder, controllers), {
    strategy: new JetStreamServer(options),
    logger: false,
  });
  await app.listen();
  return app;
}

/** The bus as a test reads it: publishing, the work queue's depth, the dead letters. */
class Bus {
  readonly publisher: JetStreamPublisher;

  private constructor(readonly nats: NatsConnection) {
    this.publisher = new JetStreamPublisher(nats);
  }

  static async connect(server: PrivateNatsServer): Promise<Bus> {
    const nats = new NatsConnection({ servers: server.url, name: 'jetstream-server-test' });
    await nats.open();
    return new Bus(nats);
  }

  async queued(stream: StreamSpec): Promise<number> {
    return (await this.nats.jetstreamManager.streams.info(stream.name)).state.messages;
  }

  async deadLetters(): Promise<DeadLetterPayload[]> {
    const manager = this.nats.jetstreamManager;
    const { state } = await manager.streams.info(Streams.deadLetters.name);
    const letters: DeadLetterPayload[] = [];
    for (let sequence = state.first_seq; state.messages > 0 && sequence <= state.last_seq; sequence += 1) {
      const stored = await manager.streams.getMessage(Streams.deadLetters.name, { seq: sequence });
      if (stored) letters.push(decodeEnvelope(Messages.deadLetter, stored.data).payload);
    }
    return letters;
  }

  async deadLetterFor(text: string): Promise<DeadLetterPayload> {
    return waitFor(
      async () => (await this.deadLetters()).find((letter) => letter.originalBody.includes(text)),
      `a dead letter for ${text}`,
    );
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe(JetStreamServer.name, () => {
  describe('with @EventPattern handlers on one server', () => {
    const stream: StreamSpec = { ...Streams.zabbixJobs, name: 'TEST_JOBS' };
    const deadLettersConsumer: ConsumerSpec = {
      stream: Streams.deadLetters,
      durable: 'test-dead-letters',
      filterSubject: Subjects.deadLettersAll,
      ackWaitMs: 5_000,
      maxAckPending: 10,
      maxAttempts: 2,
    };
    const recorder = new Recorder();
    let server: PrivateNatsServer;
    let bus: Bus;
    let app: INestMicroservice;

    beforeAll(async () => {
      server = await PrivateNatsServer.start();
      app = await startServer(recorder, {
        servers: server.url,
        connectionName: 'jetstream-server-under-test',
        consumers: [
          {
            spec: jobsConsumer(stream, 1_500),
            concurrency: 4,
            retry: { baseDelayMs: 300, maxDelayMs: 5_000 },
          },
          { spec: deadLettersConsumer, concurrency: 1 },
        ],
      });
      bus = await Bus.connect(server);
    });

    afterAll(async () => {
      await app?.close();
      await bus?.nats.close();
      await server?.dispose();
    });

    it('should hand the validated payload and the message context to the handler and ack it', async () => {
      const job = deleteJob('ok');
      const receipt = await bus.publisher.publish(Messages.hostDeleteJob, job, {
        correlationId: 'c-ok',
        occurredAt: new Date('2026-12-01T10:00:00.000Z'),
      });

      await waitFor(async () => (await bus.queued(stream)) === 0, 'an empty work queue');

      expect(recorder.calls.get('ok')).toHaveLength(1);
      expect(recorder.calls.get('ok')?.[0]).toMatchObject({
        subject: Subjects.hostDeleteJob,
        messageId: receipt.messageId,
        correlationId: 'c-ok',
        occurredAt: '2026-12-01T10:00:00.000Z',
        deliveryCount: 1,
        isFinalAttempt: false,
      });
      expect(recorder.payloads.find((payload) => (payload as HostDeleteJobPayload).host === 'ok')).toEqual(
        Object.assign(new HostDeleteJobPayload(), job),
      );
    });

    it('should nak a RetryableError with a growing delay until the handler succeeds', async () => {
      recorder.behaviour.set('flaky', ({ deliveryCount }) =>
        deliveryCount < 3 ? Promise.reject(new RetryableError('Zabbix is busy')) : Promise.resolve(),
      );
      const started = Date.now();

      await bus.publisher.publish(Messages.hostDeleteJob, deleteJob('flaky'), { correlationId: 'c-flaky' });
      await waitFor(
        async () => (await bus.queued(stream)) === 0 && recorder.attempts('flaky').length === 3,
        'three attempts',
      );

      expect(recorder.attempts('flaky')).toEqual([1, 2, 3]);
      // nak(300 ms), then nak(600 ms)
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect((await bus.deadLetters()).filter((letter) => letter.originalBody.includes('flaky'))).toEqual([]);
    });

    it('should dead-letter a PermanentError on the first attempt, with its type and reason, and not retry it', async () => {
      recorder.behaviour.set('broken', () =>
        Promise.reject(new PermanentError('template "Nope" does not exist')),
      );

      await bus.publisher.publish(Messages.hostDeleteJob, deleteJob('broken'), { correlationId: 'c-broken' });
      const letter = await bus.deadLetterFor('broken');

      expect(letter).toMatchObject({
        originalSubject: Subjects.hostDeleteJob,
        stream: 'TEST_JOBS',
        consumer: 'test-worker',
        errorType: 'PermanentError',
        reason: 'template "Nope" does not exist',
        deliveryCount: 1,
      });
      await waitFor(async () => (await bus.queued(stream)) === 0, 'an empty work queue');
      await sleep(1_000);
      expect(recorder.attempts('broken')).toEqual([1]);
    });

    it('should dead-letter a RetryableError once the attempts run out', async () => {
      recorder.behaviour.set('down', () => Promise.reject(new RetryableError('connection refused')));

      await bus.publisher.publish(Messages.hostDeleteJob, deleteJob('down'), { correlationId: 'c-down' });
      const letter = await bus.deadLetterFor('down');

      expect(letter).toMatchObject({
        errorType: 'RetryableError',
        deliveryCount: 3,
        reason: 'gave up after 3 attempts: connection refused',
      });
      expect(recorder.attempts('down')).toEqual([1, 2, 3]);
      expect(recorder.calls.get('down')?.map((context) => context.isFinalAttempt)).toEqual([
        false,
        false,
        true,
      ]);
      await waitFor(async () => (await bus.queued(stream)) === 0, 'an empty work queue');
    });

    it('should retry, not dead-letter, a PermanentError whose controller lacks JetStreamExceptionFilter', async () => {
      const job = buildUpsertJob(buildDesiredHost('unfiltered-'));
      recorder.behaviour.set(job.desired.host, ({ deliveryCount }) =>
        deliveryCount === 1 ? Promise.reject(new PermanentError('masked by Nest')) : Promise.resolve(),
      );

      await bus.publisher.publish(Messages.hostUpsertJob, job, { correlationId: 'c-unfiltered' });
      await waitFor(
        async () => (await bus.queued(stream)) === 0 && recorder.attempts(job.desired.host).length === 2,
        'the second attempt',
      );

      expect(recorder.attempts(job.desired.host)).toEqual([1, 2]);
      expect(
        (await bus.deadLetters()).filter((letter) => letter.originalBody.includes('unfiltered-')),
      ).toEqual([]);
    });

    it('should dead-letter a body that is not JSON without calling any handler', async () => {
      const jobsHandled = (): number =>
        recorder.payloads.filter((payload) => payload instanceof HostDeleteJobPayload).length;
      const handled = jobsHandled();

      await bus.nats.jetstream.publish(Subjects.hostDeleteJob, new TextEncoder().encode('{not json'), {
        msgID: randomUUID(),
      });
      const letter = await bus.deadLetterFor('{not json');

      expect(letter).toMatchObject({ errorType: 'InvalidMessageError', deliveryCount: 1 });
      expect(jobsHandled()).toBe(handled);
      await waitFor(async () => (await bus.queued(stream)) === 0, 'an empty work queue');
    });

    it('should dead-letter a payload that fails validation', async () => {
      const envelope = {
        messageId: randomUUID(),
        occurredAt: new Date().toISOString(),
        correlationId: 'c',
        schemaVersion: 1,
        payload: { host: 'invalid-payload' },
      };

      await bus.nats.jetstream.publish(
        Subjects.hostDeleteJob,
        new TextEncoder().encode(JSON.stringify(envelope)),
        {
          msgID: envelope.messageId,
        },
      );
      const letter = await bus.deadLetterFor('invalid-payload');

      expect(letter.errorType).toBe('InvalidMessageError');
      expect(letter.reason).toMatch(/jobId/);
      expect(recorder.calls.get('invalid-payload')).toBeUndefined();
    });

    it('should give up on a dead letter it cannot handle without dead-lettering it again', async () => {
      recorder.behaviour.set('poison letter', () => Promise.reject(new PermanentError('cannot record it')));
      const letter: DeadLetterPayload = {
        originalSubject: Subjects.hostDeleteJob,
        stream: 'TEST_JOBS',
        consumer: 'test-worker',
        streamSequence: 1,
        deliveryCount: 1,
        errorType: 'PermanentError',
        reason: 'poison letter',
        originalBody: '{}',
        failedAt: new Date().toISOString(),
      };

      await bus.publisher.publish(Messages.deadLetter, letter, { correlationId: 'c-poison' });
      await waitFor(async () => {
        const info = await bus.nats.jetstreamManager.consumers.info(
          Streams.deadLetters.name,
          'test-dead-letters',
        );
        return recorder.attempts('poison letter').length === 1 && info.num_ack_pending === 0;
      }, 'the letter given up');
      await sleep(500);

      expect(recorder.attempts('poison letter')).toEqual([1]);
      expect((await bus.deadLetters()).filter((stored) => stored.originalSubject.startsWith('dlq.'))).toEqual(
        [],
      );
    });

    it('should keep a job longer than ack_wait with its handler by signalling progress', async () => {
      recorder.behaviour.set('slow', () => sleep(4_500));

      await bus.publisher.publish(Messages.hostDeleteJob, deleteJob('slow'), { correlationId: 'c-slow' });
      await waitFor(
        async () =>
          recorder.attempts('slow').length === 1 &&
          recorder.running === 0 &&
          (await bus.queued(stream)) === 0,
        'the slow job done',
        15_000,
      );

      expect(recorder.attempts('slow')).toEqual([1]);
    });
  });

  describe('with two replicas and handlers slower than ack_wait', () => {
    const stream: StreamSpec = { ...Streams.zabbixJobs, name: 'TEST_SLOW_JOBS' };
    const recorder = new Recorder();
    let server: PrivateNatsServer;
    let bus: Bus;
    const replicas: INestMicroservice[] = [];

    beforeAll(async () => {
      server = await PrivateNatsServer.start();
      for (const replica of ['a', 'b']) {
        replicas.push(
          await startServer(recorder, {
            servers: server.url,
            connectionName: `replica-${replica}`,
            consumers: [{ spec: jobsConsumer(stream, 2_000), concurrency: 1 }],
          }),
        );
      }
      bus = await Bus.connect(server);
    });

    afterAll(async () => {
      await Promise.all(replicas.map((replica) => replica.close()));
      await bus?.nats.close();
      await server?.dispose();
    });

    it('should run every message once, on one replica, while the other has its own', async () => {
      const hosts = ['slow-1', 'slow-2', 'slow-3', 'slow-4', 'slow-5'];
      for (const host of hosts) recorder.behaviour.set(host, () => sleep(3_000));

      for (const host of hosts) {
        await bus.publisher.publish(Messages.hostDeleteJob, deleteJob(host), { correlationId: host });
      }
      await waitFor(
        async () => (await bus.queued(stream)) === 0 && recorder.running === 0,
        'every job done',
        40_000,
      );
      // Long enough for ack_wait to expire on anything held without a heartbeat.
      await sleep(2_500);

      expect(hosts.map((host) => recorder.attempts(host))).toEqual(hosts.map(() => [1]));
      expect(recorder.mostAtOnce).toBe(2);
    });
  });

  describe('when shut down', () => {
    const stream: StreamSpec = { ...Streams.zabbixJobs, name: 'TEST_SHUTDOWN_JOBS' };
    let server: PrivateNatsServer;
    let bus: Bus;

    beforeAll(async () => {
      server = await PrivateNatsServer.start();
      bus = await Bus.connect(server);
    });

    afterAll(async () => {
      await bus?.nats.close();
      await server?.dispose();
    });

    it('should finish the message in hand, ack it, then stop', async () => {
      const recorder = new Recorder();
      let finished = false;
      recorder.behaviour.set('in-hand', async () => {
        await sleep(1_500);
        finished = true;
      });
      const app = await startServer(recorder, {
        servers: server.url,
        connectionName: 'shutting-down',
        consumers: [{ spec: jobsConsumer(stream, 30_000), concurrency: 2 }],
      });
      await bus.publisher.publish(Messages.hostDeleteJob, deleteJob('in-hand'), { correlationId: 'c' });
      await waitFor(() => recorder.running === 1, 'the job started');

      await app.close();

      expect(finished).toBe(true);
      expect(await bus.queued(stream)).toBe(0);
    });

    it('should stop waiting for a message in hand after drainTimeoutMs', async () => {
      const recorder = new Recorder();
      let release: () => void = () => undefined;
      recorder.behaviour.set('stuck', () => new Promise<void>((resolve) => (release = resolve)));
      const app = await startServer(recorder, {
        servers: server.url,
        connectionName: 'stuck',
        consumers: [{ spec: jobsConsumer(stream, 30_000), concurrency: 1 }],
        drainTimeoutMs: 500,
      });
      await bus.publisher.publish(Messages.hostDeleteJob, deleteJob('stuck'), { correlationId: 'c' });
      await waitFor(() => recorder.running === 1, 'the job started');
      const started = Date.now();

      await app.close();

      expect(Date.now() - started).toBeLessThan(3_000);
      release();
      expect(await bus.queued(stream)).toBe(1);
    });
  });

  it('should refuse to listen when a controller has a @MessagePattern', async () => {
    const listening = startServer(
      new Recorder(),
      { servers: 'nats://127.0.0.1:1', connectionName: 'refused', consumers: [] },
      [RequestResponseController],
    );

    await expect(listening).rejects.toThrow(/@MessagePattern; JetStream carries events only/);
  });
});
