import { hostname } from 'node:os';
import { nuid, type Msg, type NatsConnection as CoreConnection, type Subscription } from '@nats-io/nats-core';
import { SERVICE_API_VERBS, serviceApiSubjects, type ServiceApiVerb } from '@lib/contracts';
import {
  type ServiceEndpoint,
  type ServiceEndpointInfo,
  type ServiceEndpointStats,
} from './service-endpoint';

export interface NatsServiceOptions {
  /** The kind of service, shared by its replicas: `ingester`, `scheduler`, `zabbix-writer`. */
  readonly name: string;
  /** SemVer. */
  readonly version: string;
  readonly description: string;
  /** Free-form strings about this instance (its connection name, …); host and pid are added. */
  readonly metadata?: Readonly<Record<string, string>>;
}

interface ServiceIdentity {
  readonly name: string;
  readonly id: string;
  readonly version: string;
  readonly metadata: Readonly<Record<string, string>>;
}

export type ServicePingResponse = ServiceIdentity & { readonly type: 'io.nats.micro.v1.ping_response' };
export type ServiceInfoResponse = ServiceIdentity & {
  readonly type: 'io.nats.micro.v1.info_response';
  readonly description: string;
  readonly endpoints: readonly ServiceEndpointInfo[];
};
export type ServiceStatsResponse = ServiceIdentity & {
  readonly type: 'io.nats.micro.v1.stats_response';
  readonly started: string;
  readonly endpoints: readonly ServiceEndpointStats[];
};

const NAME = /^[A-Za-z0-9_-]+$/;
// semver.org's suggested expression.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/**
 * The discovery and monitoring side of the NATS service API (ADR-32), over an existing connection: answers
 * `$SRV.PING|INFO|STATS` (all services, this name, this instance) with the endpoints' figures, so
 * `nats micro list|info|stats` and the dashboards that read them show every replica. Our endpoints take
 * their work from JetStream consumers (or HTTP), not from requests: they answer no requests themselves.
 * Implemented here because @nats-io/services exists only as a prerelease pinned to a prerelease client.
 */
export class NatsService {
  readonly id = nuid.next();
  private readonly started = new Date();
  private readonly metadata: Readonly<Record<string, string>>;
  private subscriptions: Subscription[] = [];

  constructor(
    private readonly options: NatsServiceOptions,
    readonly endpoints: readonly ServiceEndpoint[],
  ) {
    if (!NAME.test(options.name)) throw new Error(`service name ${options.name} is not [A-Za-z0-9_-]+`);
    if (!SEMVER.test(options.version)) throw new Error(`service version ${options.version} is not SemVer`);
    this.metadata = { host: hostname(), pid: String(process.pid), ...options.metadata };
  }

  get name(): string {
    return this.options.name;
  }

  /**
   * Subscribes on `connection` (again, after the connection was replaced); answers until `stop()`.
   * Resolves once the server has registered the subscriptions (a flush round trip), so a `$SRV.PING`
   * sent by anyone after that reaches this instance.
   */
  async start(connection: CoreConnection): Promise<void> {
    this.stop();
    for (const verb of SERVICE_API_VERBS) {
      for (const subject of serviceApiSubjects(verb, this.options.name, this.id)) {
        this.subscriptions.push(
          connection.subscribe(subject, { callback: (error, message) => this.answer(verb, error, message) }),
        );
      }
    }
    await connection.flush();
  }

  stop(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions = [];
  }

  ping(): ServicePingResponse {
    return { type: 'io.nats.micro.v1.ping_response', ...this.identity() };
  }

  info(): ServiceInfoResponse {
    return {
      type: 'io.nats.micro.v1.info_response',
      ...this.identity(),
      description: this.options.description,
      endpoints: this.endpoints.map((endpoint) => endpoint.info()),
    };
  }

  stats(): ServiceStatsResponse {
    return {
      type: 'io.nats.micro.v1.stats_response',
      ...this.identity(),
      started: this.started.toISOString(),
      endpoints: this.endpoints.map((endpoint) => endpoint.stats()),
    };
  }

  private answer(verb: ServiceApiVerb, error: Error | null, message: Msg): void {
    if (error) return;
    const response = verb === 'PING' ? this.ping() : verb === 'INFO' ? this.info() : this.stats();
    try {
      message.respond(JSON.stringify(response));
    } catch {
      // The connection is closing: nobody is left to answer.
    }
  }

  private identity(): ServiceIdentity {
    return {
      name: this.options.name,
      id: this.id,
      version: this.options.version,
      metadata: this.metadata,
    };
  }
}
