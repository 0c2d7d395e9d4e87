import { type DynamicModule, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type NatsAuth } from '@lib/config';
import { type ConsumerSpec, type StreamSpec, Consumers, RetiredConsumers, Streams } from '@lib/contracts';
import { JetStreamClientProxy } from './jetstream-client.proxy';
import { JetStreamPublisher } from './jetstream-publisher';
import {
  checkReplicas,
  ensureConsumer,
  ensureStream,
  removeConsumer,
  streamReplicas,
  type StreamReplicas,
} from './jetstream-topology';
import { NatsConnection } from './nats-connection';
import { NatsService, type NatsServiceOptions } from './nats-service';
import { type ServiceEndpoint } from './service-endpoint';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  readonly servers: string;
  readonly connectionName: string;
  /**
   * Registers the app as a NATS service on this connection (for an app without a JetStreamServer, whose
   * connection carries it otherwise): the endpoints are the app's, which count their work themselves.
   */
  readonly service?: NatsServiceOptions & { readonly endpoints: readonly ServiceEndpoint[] };
  readonly auth?: NatsAuth;
  /** NATS_REPLICAS (0: leave existing streams' counts alone), see `ensureStream`. */
  readonly replicas?: number;
}

/** Every stream and durable consumer of the system. */
export const ALL_STREAMS: readonly StreamSpec[] = Object.values(Streams);
export const ALL_CONSUMERS: readonly ConsumerSpec[] = Object.values(Consumers);

/** Creates or updates every stream and consumer: idempotent, run by each app at boot. */
export async function ensureTopology(nats: NatsConnection, replicas?: StreamReplicas): Promise<void> {
  checkReplicas(nats.core.info, replicas);
  for (const stream of ALL_STREAMS) await ensureStream(nats.jetstreamManager, stream, replicas);
  for (const consumer of ALL_CONSUMERS) await ensureConsumer(nats.jetstreamManager, consumer, replicas);
  for (const retired of RetiredConsumers) {
    await removeConsumer(nats.jetstreamManager, retired.stream, retired.durable);
  }
}

/**
 * Closes the publishing connection once the app is shut down; by then Nest has closed the JetStreamServer,
 * which finished the messages in hand (and their results were published on this connection).
 */
@Injectable()
class MessagingLifecycle implements OnApplicationShutdown {
  constructor(private readonly nats: NatsConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.nats.close();
  }
}

/**
 * The publishing side of the bus for an app: the NATS connection, the typed JetStreamPublisher and Nest's
 * JetStreamClientProxy over it. Consuming is the JetStreamServer's part (a Nest custom transport).
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: NatsConnection,
          inject: [MESSAGING_OPTIONS],
          useFactory: (messaging: MessagingOptions) => {
            const nats = new NatsConnection({
              servers: messaging.servers,
              name: messaging.connectionName,
              auth: messaging.auth,
            });
            const { service } = messaging;
            const natsService = service
              ? new NatsService(
                  { ...service, metadata: { ...service.metadata, connection: messaging.connectionName } },
                  service.endpoints,
                )
              : undefined;
            nats.start(async (connection) => {
              await ensureTopology(connection, streamReplicas(messaging.replicas));
              await natsService?.start(connection.core);
            });
            return nats;
          },
        },
        {
          provide: JetStreamPublisher,
          inject: [NatsConnection],
          useFactory: (nats: NatsConnection) => new JetStreamPublisher(nats),
        },
        {
          provide: JetStreamClientProxy,
          inject: [JetStreamPublisher, NatsConnection],
          useFactory: (publisher: JetStreamPublisher, nats: NatsConnection) =>
            new JetStreamClientProxy(publisher, nats),
        },
        MessagingLifecycle,
      ],
      exports: [NatsConnection, JetStreamPublisher, JetStreamClientProxy],
    };
  }
}
