import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { type NatsAuth } from '@lib/config';
import { Streams, type ConsumerSpec } from '@lib/contracts';
import { ConsumerRunner } from './consumer-runner';
import { JetStreamPublisher } from './jetstream-publisher';
import { checkReplicas, ensureConsumer, ensureStream, streamReplicas } from './jetstream-topology';
import { MessagePipeline } from './message-pipeline';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './message-outcome';
import { NatsConnection } from './nats-connection';
import { NatsService, type NatsServiceOptions } from './nats-service';
import { ServiceEndpoint } from './service-endpoint';
import { compareSpecificity, isSubjectPattern, subjectMatches } from './subject-pattern';

export interface JetStreamConsumerOptions {
  readonly spec: ConsumerSpec;
  /** Messages this process works on at once, for this consumer. */
  readonly concurrency: number;
  readonly retry?: Partial<Omit<RetryPolicy, 'maxAttempts'>>;
}

export interface JetStreamServerOptions {
  readonly servers: string;
  /** Shown by the server's /connz. */
  readonly connectionName: string;
  readonly auth?: NatsAuth;
  /** NATS_REPLICAS (0: leave existing streams' counts alone), see `ensureStream`. */
  readonly replicas?: number;
  /** The durable pull consumers to run; their streams, and the dead-letter stream, are created if missing. */
  readonly consumers: readonly JetStreamConsumerOptions[];
  /** How long `close()` waits for the messages in hand before closing the connection (default 20 s). */
  readonly drainTimeoutMs?: number;
  /**
   * Registers the app as a NATS service (`$SRV.PING|INFO|STATS`) on this connection, one endpoint per
   * consumer, whose figures are the handled messages.
   */
  readonly service?: NatsServiceOptions;
}

interface Route {
  readonly pattern: string;
  readonly handler: MessageHandler;
}

const DEFAULT_DRAIN_TIMEOUT_MS = 20_000;

/**
 * Nest's custom transport for JetStream: runs durable pull consumers and hands each message to the
 * `@EventPattern` handler whose subject pattern matches its subject (NATS wildcards; the most specific
 * pattern wins), through the fixed pipeline of MessagePipeline. It owns its NATS connection, like Nest's own
 * transports. Bind JetStreamExceptionFilter to its controllers, so error types reach the pipeline.
 *
 * ```ts
 * NestFactory.createMicroservice(AppModule, { strategy: new JetStreamServer({ servers, connectionName, consumers }) });
 * ```
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(JetStreamServer.name);
  private nats: NatsConnection | undefined;
  private routes: readonly Route[] = [];
  private readonly runners: ConsumerRunner[] = [];
  private closing: Promise<void> | undefined;
  private natsService: NatsService | undefined;

  constructor(private readonly options: JetStreamServerOptions) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  /** Stops pulling, waits (bounded) for the messages in hand, then closes the connection. Idempotent. */
  async close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  unwrap<T>(): T {
    if (!this.nats) throw new Error('JetStreamServer is not listening');
    return this.nats as T;
  }

  on(): never {
    throw new Error('JetStreamServer has no events to listen to');
  }

  private async start(): Promise<void> {
    this.routes = this.collectRoutes();
    const { servers, connectionName: name, auth } = this.options;
    const nats = new NatsConnection({ servers, name, auth });
    this.nats = nats;
    nats.start((connection) => this.ensureTopology(connection));
    await nats.ready();
    if (this.closing) return;
    const publisher = new JetStreamPublisher(nats);
    const endpoints: ServiceEndpoint[] = [];
    for (const { spec, concurrency, retry } of this.options.consumers) {
      const policy: RetryPolicy = { maxAttempts: spec.maxAttempts, ...DEFAULT_RETRY_POLICY, ...retry };
      const endpoint = consumerEndpoint(spec);
      endpoints.push(endpoint);
      const pipeline = new MessagePipeline(
        spec,
        policy,
        (subject) => this.handlerFor(subject),
        publisher,
        this.logger,
        endpoint,
      );
      const runner = new ConsumerRunner(spec, concurrency, pipeline, this.logger);
      await runner.start(nats);
      this.runners.push(runner);
      this.logger.log(`consuming ${spec.stream.name}/${spec.durable} (${concurrency} at once)`);
    }
    if (this.options.service) {
      const service = new NatsService(
        {
          ...this.options.service,
          metadata: { ...this.options.service.metadata, connection: this.options.connectionName },
        },
        endpoints,
      );
      await service.start(nats.core);
      this.natsService = service;
      this.logger.log(`NATS service ${service.name} (id ${service.id}) answers $SRV requests`);
    }
  }

  /** The app's NATS service, once listening (undefined without `service`). */
  get service(): NatsService | undefined {
    return this.natsService;
  }

  private async shutdown(): Promise<void> {
    const timeoutMs = this.options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
    this.natsService?.stop();
    await Promise.all(this.runners.map((runner) => runner.stop(timeoutMs)));
    await this.nats?.close();
  }

  private handlerFor(subject: string): MessageHandler | undefined {
    return this.routes.find((route) => subjectMatches(route.pattern, subject))?.handler;
  }

  /** Every registered handler, most specific pattern first; anything but an event on a subject is refused. */
  private collectRoutes(): Route[] {
    const routes: Route[] = [];
    for (const [pattern, handler] of this.getHandlers()) {
      if (!isSubjectPattern(pattern)) {
        throw new Error(`JetStreamServer: handler pattern ${pattern} is not a NATS subject`);
      }
      if (!handler.isEventHandler) {
        throw new Error(
          `JetStreamServer: ${pattern} is a @MessagePattern; JetStream carries events only (@EventPattern)`,
        );
      }
      routes.push({ pattern, handler });
    }
    return routes.sort((left, right) => compareSpecificity(left.pattern, right.pattern));
  }

  private async ensureTopology(nats: NatsConnection): Promise<void> {
    const replicas = streamReplicas(this.options.replicas);
    checkReplicas(nats.core.info, replicas);
    for (const { spec } of this.options.consumers) {
      await ensureStream(nats.jetstreamManager, spec.stream, replicas);
      await ensureConsumer(nats.jetstreamManager, spec, replicas);
    }
    await ensureStream(nats.jetstreamManager, Streams.deadLetters, replicas);
  }
}

/** A consumer as a service endpoint: named after its durable, the replicas sharing it as the queue group. */
function consumerEndpoint(spec: ConsumerSpec): ServiceEndpoint {
  return new ServiceEndpoint({
    name: spec.durable,
    subject: spec.filterSubject,
    queueGroup: spec.durable,
    metadata: { stream: spec.stream.name, consumer: spec.durable, transport: 'jetstream' },
  });
}
