import { Inject, Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { Consumers, Streams } from '@lib/contracts';
import { NatsConnection } from '@lib/messaging';
import { HostConfigRepository, JobRepository, type JobCount } from '@lib/models';
import { METRIC_PREFIX, MetricsRegistry } from '@lib/observability';

/** Scrapes within this long reuse the last reading: several scrapers must not multiply the queries. */
const READING_TTL_MS = 5_000;

interface ConsumerReading {
  readonly stream: string;
  readonly consumer: string;
  readonly pending: number;
  readonly ackPending: number;
  readonly redelivered: number;
}

interface Reading {
  readonly jobs: readonly JobCount[];
  readonly hosts: { readonly inSync: number; readonly outOfSync: number };
  readonly consumers: readonly ConsumerReading[];
  readonly streams: readonly { readonly stream: string; readonly messages: number }[];
}

/**
 * The scheduler's figures, read when scraped: job rows by kind and status, host configs in sync with Zabbix
 * or not (from PostgreSQL), and every durable consumer's backlog and every stream's size (from JetStream,
 * so one scheduler shows the whole bus: pending = not yet delivered, ack pending = in flight, redelivered =
 * retries; the dead-letter stream's messages are the permanent failures still kept).
 */
@Injectable()
export class SchedulerMetrics {
  private readonly logger = new Logger(SchedulerMetrics.name);
  private reading: Promise<Reading | undefined> | undefined;
  private readAt = 0;

  constructor(
    metrics: MetricsRegistry,
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly nats: NatsConnection,
  ) {
    const registers = [metrics.registry];
    const read = (): Promise<Reading | undefined> => this.read();
    new Gauge({
      name: `${METRIC_PREFIX}jobs`,
      help: 'Job rows by kind and status (finished rows are kept JOB_RETENTION_DAYS)',
      labelNames: ['kind', 'status'],
      registers,
      async collect() {
        this.reset();
        for (const row of (await read())?.jobs ?? []) {
          this.set({ kind: row.kind, status: row.status }, row.count);
        }
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}hosts`,
      help: 'Host configs whose Zabbix host matched at their last check or write (in_sync) or not',
      labelNames: ['sync'],
      registers,
      async collect() {
        this.reset();
        const hosts = (await read())?.hosts;
        if (!hosts) return;
        this.set({ sync: 'in_sync' }, hosts.inSync);
        this.set({ sync: 'out_of_sync' }, hosts.outOfSync);
      },
    });
    const consumerGauge = (
      name: string,
      help: string,
      value: (reading: ConsumerReading) => number,
    ): Gauge<'stream' | 'consumer'> =>
      new Gauge({
        name,
        help,
        labelNames: ['stream', 'consumer'],
        registers,
        async collect() {
          this.reset();
          for (const consumer of (await read())?.consumers ?? []) {
            this.set({ stream: consumer.stream, consumer: consumer.consumer }, value(consumer));
          }
        },
      });
    consumerGauge(
      `${METRIC_PREFIX}consumer_pending`,
      'Messages not yet delivered to the consumer: its backlog',
      (c) => c.pending,
    );
    consumerGauge(
      `${METRIC_PREFIX}consumer_ack_pending`,
      'Messages delivered and not yet acknowledged: in flight',
      (c) => c.ackPending,
    );
    consumerGauge(
      `${METRIC_PREFIX}consumer_redelivered`,
      'Messages delivered more than once and not yet acknowledged',
      (c) => c.redelivered,
    );
    new Gauge({
      name: `${METRIC_PREFIX}stream_messages`,
      help: 'Messages stored in the stream (in the dead-letter stream: permanent failures kept)',
      labelNames: ['stream'],
      registers,
      async collect() {
        this.reset();
        for (const stream of (await read())?.streams ?? [])
          this.set({ stream: stream.stream }, stream.messages);
      },
    });
  }

  private read(): Promise<Reading | undefined> {
    if (this.reading && Date.now() - this.readAt < READING_TTL_MS) return this.reading;
    this.readAt = Date.now();
    this.reading = this.readNow().catch((error: unknown) => {
      this.logger.warn(`metrics not read: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    return this.reading;
  }

  private async readNow(): Promise<Reading> {
    const manager = this.dataSource.manager;
    const [jobs, hosts, bus] = await Promise.all([
      new JobRepository(manager).countByKindAndStatus(),
      new HostConfigRepository(manager).countBySyncState(),
      this.readBus(),
    ]);
    return { jobs, hosts, ...bus };
  }

  /** Nothing while NATS is away: the series disappear rather than show stale figures. */
  private async readBus(): Promise<Pick<Reading, 'consumers' | 'streams'>> {
    if (!this.nats.connected) return { consumers: [], streams: [] };
    const jetstream = this.nats.jetstreamManager;
    const consumers = await Promise.all(
      Object.values(Consumers).map(async (spec): Promise<ConsumerReading> => {
        const info = await jetstream.consumers.info(spec.stream.name, spec.durable);
        return {
          stream: spec.stream.name,
          consumer: spec.durable,
          pending: info.num_pending,
          ackPending: info.num_ack_pending,
          redelivered: info.num_redelivered,
        };
      }),
    );
    const streams = await Promise.all(
      Object.values(Streams).map(async (spec) => ({
        stream: spec.name,
        messages: (await jetstream.streams.info(spec.name)).state.messages,
      })),
    );
    return { consumers, streams };
  }
}
