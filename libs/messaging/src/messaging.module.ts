import { type DynamicModule, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type ConsumerSpec, type StreamSpec, Consumers, Streams } from '@lib/contracts';
import { JetStreamClientProxy } from './jetstream-client.proxy';
import { JetStreamConsumerHost } from './jetstream-consumer-host';
import { JetStreamPublisher } from './jetstream-publisher';
import { ensureConsumer, ensureStream } from './jetstream-topology';
import { NatsConnection } from './nats-connection';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  readonly servers: string;
  readonly connectionName: string;
}

/** Every stream and durable consumer of the system. */
export const ALL_STREAMS: readonly StreamSpec[] = Object.values(Streams);
export const ALL_CONSUMERS: readonly ConsumerSpec[] = Object.values(Consumers);

/** Creates or updates every stream and consumer: idempotent, run by each app at boot. */
export async function ensureTopology(nats: NatsConnection): Promise<void> {
  for (const stream of ALL_STREAMS) await ensureStream(nats.jetstreamManager, stream);
  for (const consumer of ALL_CONSUMERS) await ensureConsumer(nats.jetstreamManager, consumer);
}

@Injectable()
class MessagingLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly consumers: JetStreamConsumerHost,
    private readonly nats: NatsConnection,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.consumers.stop();
    await this.nats.close();
  }
}

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
            const nats = new NatsConnection({ servers: messaging.servers, name: messaging.connectionName });
            nats.start(ensureTopology);
            return nats;
          },
        },
        {
          provide: JetStreamPublisher,
          inject: [NatsConnection],
          useFactory: (nats: NatsConnection) => new JetStreamPublisher(nats),
        },
        {
          provide: JetStreamConsumerHost,
          inject: [NatsConnection, JetStreamPublisher],
          useFactory: (nats: NatsConnection, publisher: JetStreamPublisher) =>
            new JetStreamConsumerHost(nats, publisher),
        },
        {
          provide: JetStreamClientProxy,
          inject: [JetStreamPublisher, NatsConnection],
          useFactory: (publisher: JetStreamPublisher, nats: NatsConnection) =>
            new JetStreamClientProxy(publisher, nats),
        },
        MessagingLifecycle,
      ],
      exports: [NatsConnection, JetStreamPublisher, JetStreamConsumerHost, JetStreamClientProxy],
    };
  }
}
