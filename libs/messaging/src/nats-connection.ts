import { Logger } from '@nestjs/common';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { type NatsConnection as CoreConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';

export interface NatsConnectionOptions {
  readonly servers: string;
  /** Shown by the server's /connz, so operators see which app a connection belongs to. */
  readonly name: string;
}

/**
 * One NATS connection per process, reconnecting for ever. `connected` is what readiness probes report:
 * false while the client is between connections.
 */
export class NatsConnection {
  private readonly logger = new Logger(NatsConnection.name);
  private connection?: CoreConnection;
  private client?: JetStreamClient;
  private manager?: JetStreamManager;
  private up = false;

  constructor(private readonly options: NatsConnectionOptions) {}

  async open(): Promise<void> {
    const connection = await connect({
      servers: this.options.servers.split(','),
      name: this.options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
      waitOnFirstConnect: true,
      timeout: 5_000,
    });
    this.connection = connection;
    this.up = true;
    this.client = jetstream(connection);
    this.manager = await jetstreamManager(connection);
    this.logger.log(`connected to NATS ${connection.getServer()} as ${this.options.name}`);
    void this.watch(connection);
  }

  get connected(): boolean {
    return this.up && this.connection !== undefined && !this.connection.isClosed();
  }

  get jetstream(): JetStreamClient {
    if (!this.client) throw new Error('NATS is not connected yet');
    return this.client;
  }

  get jetstreamManager(): JetStreamManager {
    if (!this.manager) throw new Error('NATS is not connected yet');
    return this.manager;
  }

  get core(): CoreConnection {
    if (!this.connection) throw new Error('NATS is not connected yet');
    return this.connection;
  }

  async close(): Promise<void> {
    const connection = this.connection;
    if (!connection || connection.isClosed()) return;
    await connection.drain().catch(() => connection.close());
  }

  private async watch(connection: CoreConnection): Promise<void> {
    for await (const status of connection.status()) {
      switch (status.type) {
        case 'disconnect':
          this.up = false;
          this.logger.warn('disconnected from NATS; reconnecting');
          break;
        case 'reconnect':
          this.up = true;
          this.logger.log('reconnected to NATS');
          break;
        case 'close':
        case 'error':
        case 'forceReconnect':
        case 'ldm':
        case 'ping':
        case 'reconnecting':
        case 'slowConsumer':
        case 'staleConnection':
        case 'update':
          break;
      }
    }
    this.up = false;
  }
}
