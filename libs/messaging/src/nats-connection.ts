import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import {
  credsAuthenticator,
  type ConnectionOptions,
  type NatsConnection as CoreConnection,
} from '@nats-io/nats-core';
import { type NatsAuth } from '@lib/config';
import { connect } from '@nats-io/transport-node';

export interface NatsConnectionOptions {
  readonly servers: string;
  /** Shown by the server's /connz, so operators see which app a connection belongs to. */
  readonly name: string;
  /** NATS_USER/NATS_PASSWORD, NATS_TOKEN or NATS_CREDS_FILE; none on a development server. */
  readonly auth?: NatsAuth;
}

/** The connect options of the credentials (a credentials file is read at each connect, so it can be renewed). */
export function authOptions(auth: NatsAuth | undefined): Partial<ConnectionOptions> {
  switch (auth?.kind) {
    case undefined:
      return {};
    case 'user':
      return { user: auth.user, pass: auth.password };
    case 'token':
      return { token: auth.token };
    case 'creds':
      return { authenticator: credsAuthenticator(() => readFileSync(auth.credsFile)) };
  }
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
  private readonly readiness: Promise<void>;
  private markReady: () => void = () => undefined;

  constructor(private readonly options: NatsConnectionOptions) {
    this.readiness = new Promise<void>((resolve) => (this.markReady = resolve));
  }

  /**
   * Connects in the background (retrying for ever) and runs `onConnected` once, before `ready()` resolves.
   * Returns at once: an HTTP app can serve probes and answer 503 while NATS is away.
   */
  start(onConnected: (connection: NatsConnection) => Promise<void>): void {
    const attempt = async (): Promise<void> => {
      for (;;) {
        try {
          await this.open();
          await onConnected(this);
          this.markReady();
          return;
        } catch (error) {
          this.logger.warn(
            `NATS not ready (${error instanceof Error ? error.message : String(error)}); retrying`,
          );
          await this.close();
          await new Promise((resolve) => setTimeout(resolve, 2_000));
        }
      }
    };
    void attempt();
  }

  /** Resolves once connected and set up (see `start`). */
  async ready(): Promise<void> {
    return this.readiness;
  }

  async open(): Promise<void> {
    if (this.connection && !this.connection.isClosed()) throw new Error('NATS connection is already open');
    const connection = await connect({
      servers: this.options.servers.split(','),
      name: this.options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
      waitOnFirstConnect: true,
      timeout: 5_000,
      // nats.js captures a stack trace for every request (each JetStream publish is one) to show where a
      // timed-out request came from; that capture was 4 % of the ingester's CPU. Errors here are reported
      // by name and message, and what timed out is named by the caller.
      noAsyncTraces: true,
      ...authOptions(this.options.auth),
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

  /** Drains (bounded: a drain never finishes while the server is away), then closes. */
  async close(drainTimeoutMs = 5_000): Promise<void> {
    const connection = this.connection;
    if (!connection || connection.isClosed()) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, drainTimeoutMs)));
    await Promise.race([connection.drain().catch(() => undefined), timeout]);
    clearTimeout(timer);
    if (!connection.isClosed()) await connection.close().catch(() => undefined);
  }

  /** Largest message the server accepts, in bytes. */
  get maxPayload(): number {
    return this.connection?.info?.max_payload ?? 1_048_576;
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
