import { Logger } from '@nestjs/common';
import { MetricsRegistry } from '@lib/observability';
import { WriterMetrics } from '../metrics/writer.metrics';
import { Messages, PermanentError, RetryableError, type JobResultPayload } from '@lib/contracts';
import { type HandlerContext, type JetStreamPublisher, type PublishOptions } from '@lib/messaging';
import { ZabbixUnavailableError, type ZabbixClient } from '@lib/clients';
import { type JobIdentity } from './domain/job-result';
import { JobExecutionService } from './job-execution.service';
import { ZabbixAvailability } from './zabbix-availability.service';

/** A Zabbix stand-in for the outage probe only: it answers once `up` is set. */
class ProbedZabbix {
  up = true;
  probes = 0;

  ping(): Promise<void> {
    this.probes += 1;
    return this.up ? Promise.resolve() : Promise.reject(unavailable());
  }
}

function unavailable(): ZabbixUnavailableError {
  return new ZabbixUnavailableError({
    method: 'host.get',
    reason: 'network',
    networkCode: 'ECONNREFUSED',
    detail: 'connect ECONNREFUSED',
  });
}

interface Published {
  readonly subject: string;
  readonly payload: JobResultPayload;
  readonly options: PublishOptions;
}

class RecordingPublisher {
  readonly published: Published[] = [];
  failWith?: Error;

  publish(
    definition: { subjectFor(payload: JobResultPayload): string },
    payload: JobResultPayload,
    options: PublishOptions,
  ) {
    if (this.failWith) return Promise.reject(this.failWith);
    this.published.push({ subject: definition.subjectFor(payload), payload, options });
    return Promise.resolve({
      messageId: options.messageId ?? '',
      stream: 's',
      sequence: 1,
      duplicate: false,
    });
  }
}

const job: JobIdentity = {
  jobId: '0b7c6a55-1d8e-4a53-9a43-2f7f3f0f4a11',
  kind: 'CreateZabbixHost',
  hostKey: 'dcim.device:101',
  revision: 1,
};

function contextOf(deliveryCount: number, isFinalAttempt: boolean): HandlerContext {
  return {
    subject: 'zabbix.job.host-upsert.v1',
    messageId: 'm1',
    correlationId: 'req-42',
    occurredAt: '2026-01-01T10:00:00.000Z',
    deliveryCount,
    isFinalAttempt,
    working: () => undefined,
  };
}

describe(JobExecutionService.name, () => {
  let publisher: RecordingPublisher;
  let zabbix: ProbedZabbix;
  let availability: ZabbixAvailability;
  let service: JobExecutionService;
  const lines: string[] = [];
  const timings = { heartbeatMs: 25, outageProbeMaxMs: 100 };

  beforeEach(() => {
    publisher = new RecordingPublisher();
    zabbix = new ProbedZabbix();
    availability = new ZabbixAvailability(zabbix as unknown as ZabbixClient, timings);
    service = new JobExecutionService(
      publisher as unknown as JetStreamPublisher,
      availability,
      'writer-a',
      timings,
      new WriterMetrics(new MetricsRegistry()),
    );
    lines.length = 0;
    const record = (message: unknown): void => {
      lines.push(typeof message === 'string' ? message : JSON.stringify(message));
    };
    jest.spyOn(Logger.prototype, 'log').mockImplementation(record);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(record);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(record);
  });

  afterEach(() => {
    availability.onModuleDestroy();
    jest.restoreAllMocks();
  });

  it('should publish started, then succeeded, with attempt and outcome in the message ids when the work succeeds', async () => {
    await service.execute(job, contextOf(1, false), () =>
      Promise.resolve({ operation: 'created', hostid: '10600' }),
    );

    expect(publisher.published).toEqual([
      {
        subject: Messages.jobResult.subjectFor({} as JobResultPayload),
        payload: expect.objectContaining({ ...job, outcome: 'started', attempt: 1, worker: 'writer-a' }),
        options: { messageId: `result:${job.jobId}:1:started`, correlationId: 'req-42' },
      },
      {
        subject: Messages.jobResult.subjectFor({} as JobResultPayload),
        payload: expect.objectContaining({
          ...job,
          outcome: 'succeeded',
          operation: 'created',
          hostid: '10600',
          attempt: 1,
          worker: 'writer-a',
        }),
        options: { messageId: `result:${job.jobId}:1:succeeded`, correlationId: 'req-42' },
      },
    ]);
    expect(lines.every((line) => line.includes('"correlationId":"req-42"'))).toBe(true);
  });

  it('should rethrow a retryable failure and publish no final result when attempts are left', async () => {
    const failure = new RetryableError('Zabbix timed out');

    await expect(service.execute(job, contextOf(2, false), () => Promise.reject(failure))).rejects.toBe(
      failure,
    );

    expect(publisher.published.map((published) => published.payload.outcome)).toEqual(['started']);
  });

  it.each([
    ['a permanent failure', new PermanentError('unknown Zabbix template: "X"'), false],
    ['a retryable failure on the final attempt', new RetryableError('Zabbix timed out'), true],
  ])('should publish a failed result and rethrow on %s', async (_case, failure, isFinalAttempt) => {
    await expect(
      service.execute(job, contextOf(8, isFinalAttempt), () => Promise.reject(failure)),
    ).rejects.toBe(failure);

    expect(publisher.published.map((published) => published.payload.outcome)).toEqual(['started', 'failed']);
    expect(publisher.published[1]?.payload).toMatchObject({
      outcome: 'failed',
      attempt: 8,
      error: `${failure.name}: ${failure.message}`,
      retryable: !(failure instanceof PermanentError),
    });
    expect(publisher.published[1]?.payload).not.toHaveProperty('operation');
    expect(publisher.published[1]?.options.messageId).toBe(`result:${job.jobId}:8:failed`);
  });

  it('should fail the attempt as retryable when the result cannot be published', async () => {
    publisher.failWith = new Error('NATS timeout');

    const failure = await service
      .execute(job, contextOf(1, false), () => Promise.resolve({ operation: 'updated', hostid: '10600' }))
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RetryableError);
    expect((failure as Error).message).toContain('NATS timeout');
  });

  it('should report working while it holds a job, each heartbeat with its own message id', async () => {
    // Jest's clock: three heartbeat periods pass during the work, whatever the machine's load.
    jest.useFakeTimers();
    try {
      const executed = service.execute(job, contextOf(1, false), async () => {
        await new Promise((resolve) => setTimeout(resolve, timings.heartbeatMs * 3 + 15));
        return { operation: 'updated', hostid: '10600' };
      });
      await jest.advanceTimersByTimeAsync(timings.heartbeatMs * 3 + 15);
      await executed;

      const beats = publisher.published.filter((published) => published.payload.outcome === 'working');
      expect(beats).toHaveLength(3);
      expect(new Set(beats.map((beat) => beat.options.messageId)).size).toBe(beats.length);
      expect(beats[0]?.options.messageId).toBe(`result:${job.jobId}:1:working:1`);
      const afterFinish = publisher.published.length;
      await jest.advanceTimersByTimeAsync(timings.heartbeatMs * 3);
      expect(publisher.published).toHaveLength(afterFinish);
    } finally {
      jest.useRealTimers();
    }
  });

  it('should wait out a Zabbix outage and run the work again instead of failing the attempt', async () => {
    zabbix.up = false;
    let calls = 0;
    const outcome = service.execute(job, contextOf(1, false), () => {
      calls += 1;
      return calls === 1 ? Promise.reject(unavailable()) : Promise.resolve({ operation: 'updated' as const });
    });
    setTimeout(() => (zabbix.up = true), 1_500);

    await outcome;

    expect(calls).toBe(2);
    expect(zabbix.probes).toBeGreaterThanOrEqual(2);
    expect(publisher.published.map((published) => published.payload.outcome)).not.toContain('failed');
    expect(publisher.published.at(-1)?.payload.outcome).toBe('succeeded');
  });

  it('should let a waiting job go as retryable when the writer shuts down during an outage', async () => {
    zabbix.up = false;
    const attempt = service
      .execute(job, contextOf(1, false), () => Promise.reject(unavailable()))
      .catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));

    availability.onModuleDestroy();

    expect(await attempt).toBeInstanceOf(RetryableError);
    expect(publisher.published.map((published) => published.payload.outcome)).not.toContain('failed');
  });
});
