import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { type NatsAuth } from '@lib/config';
import { type ZabbixClient } from '@lib/clients';
import { Consumers, Streams } from '@lib/contracts';
import { NatsConnection } from '@lib/messaging';
import {
  cleanupZabbixByPrefix,
  createZabbixTestClient,
  FAKE_NETBOX_V1_TOKEN,
  freePort,
  FakeNetboxServer,
  PrivateNatsCluster,
  PrivateNatsServer,
  PrivatePostgresServer,
  TestDatabase,
  uniqueZabbixTestPrefix,
  waitFor,
  zabbixTestConnection,
  TEST_SECRETS_KEY,
} from '@lib/testing';
import { BridgeDatabase } from './bridge-database';
import { ServiceProcesses } from './service-processes';
import { ZabbixInspector } from './zabbix-inspector';

export interface BridgeSystemOptions {
  /** Serve NetBox's REST API from a FakeNetboxServer and have the scheduler re-read it (NETBOX_URL). */
  readonly fakeNetbox?: boolean;
  /** zabbix-writer processes sharing the job consumer (default 1). */
  readonly writerReplicas?: number;
  /** Extra environment for every service (wins over the defaults below). */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * NATS as docker-compose.yml runs it: the repository's nats/nats-server.conf (one user per app, with its
   * permissions), each service connecting as its own user; with the monitoring port.
   */
  readonly secureNats?: boolean;
  /**
   * NATS as a 3-node cluster (PrivateNatsCluster) with NATS_REPLICAS=3: every service gets all three nodes
   * in NATS_URL, a different one first for each service in turn (the client still shuffles them).
   */
  readonly natsCluster?: boolean;
  /**
   * PostgreSQL from a PrivatePostgresServer of this system's own instead of the shared server, so a test can
   * stop and start it (`postgres`). Never restart the shared one.
   */
  readonly privatePostgres?: boolean;
  /**
   * Scheduler processes sharing the database and NATS, all started at the same moment (default 1): the first
   * is `scheduler` and serves `schedulerUrl`; the others are `scheduler-2`, … on ports of their own.
   */
  readonly schedulerReplicas?: number;
}

/** The NATS users of nats/nats-server.conf. */
export type NatsUser = 'ingester' | 'scheduler' | 'writer' | 'monitor';

const NATS_CONFIG_FILE = join(__dirname, '..', '..', '..', 'nats', 'nats-server.conf');

export interface WebhookAnswer {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

const STARTUP_TIMEOUT_MS = 60_000;
/** NODE_OPTIONS of the Dockerfile and scripts/run.sh (the heap cap; the Dockerfile says why). */
const SERVICE_NODE_OPTIONS = '--max-old-space-size=128';

/**
 * The whole bridge for an end-to-end suite: a private NATS with JetStream, a throw-away PostgreSQL database,
 * the real Zabbix, optionally a fake NetBox REST API, and the ingester, the scheduler and N zabbix-writers as
 * separate processes from the compiled build (`npm run build`). Every Zabbix name the suite makes starts
 * with `prefix`; `stop()` removes all of it, whatever state `start()` reached.
 */
export class BridgeSystem {
  static readonly WEBHOOK_SECRET = 'e2e-webhook-secret';
  /** The management API's read-write token in every suite (`API_TOKENS`). */
  static readonly API_TOKEN = 'e2e-api-token-0123456789';

  readonly prefix = uniqueZabbixTestPrefix();
  /** The host group of the default device mapping created on the scheduler's first start. */
  readonly defaultHostGroup = `${this.prefix}NetBox`;
  readonly zabbix: ZabbixClient = createZabbixTestClient();
  readonly inspect = new ZabbixInspector(this.zabbix);
  private testDatabase = new TestDatabase();
  private nats: PrivateNatsServer | undefined;
  private cluster: PrivateNatsCluster | undefined;
  private servicesConnected = 0;
  private privatePostgres: PrivatePostgresServer | undefined;
  private fakeNetbox: FakeNetboxServer | undefined;
  private bridgeDatabase: BridgeDatabase | undefined;
  private observer: NatsConnection | undefined;
  private services: ServiceProcesses | undefined;
  private webhookUrl = '';
  private schedulerApi = '';
  private readonly httpPorts = new Map<string, number>();

  constructor(private readonly options: BridgeSystemOptions = {}) {}

  /** The fake NetBox the scheduler reads (only with `fakeNetbox: true`). */
  get netbox(): FakeNetboxServer {
    if (!this.fakeNetbox) throw new Error('this BridgeSystem was started without a fake NetBox');
    return this.fakeNetbox;
  }

  /** This system's own NATS server (not with `natsCluster`): a test may `kill` it and `restart` it. */
  get natsServer(): PrivateNatsServer {
    if (!this.nats) throw new Error('the BridgeSystem is not started, or runs a NATS cluster');
    return this.nats;
  }

  /** This system's own PostgreSQL (only with `privatePostgres: true`): a test may stop and start it. */
  get postgres(): PrivatePostgresServer {
    if (!this.privatePostgres) throw new Error('this BridgeSystem was started without a private PostgreSQL');
    return this.privatePostgres;
  }

  get database(): BridgeDatabase {
    if (!this.bridgeDatabase) throw new Error('the BridgeSystem is not started');
    return this.bridgeDatabase;
  }

  get writerLabels(): string[] {
    const replicas = this.options.writerReplicas ?? 1;
    return Array.from({ length: replicas }, (_, index) => `zabbix-writer-${index + 1}`);
  }

  /** The password of each NATS user, with `secureNats` (made up per system, never a real one). */
  static natsPassword(user: NatsUser): string {
    return `e2e-nats-${user}-password`;
  }

  /** How a test connects to this system's NATS as `user` (no credentials without `secureNats`). */
  natsAuth(user: NatsUser): NatsAuth | undefined {
    return this.options.secureNats
      ? { kind: 'user', user, password: BridgeSystem.natsPassword(user) }
      : undefined;
  }

  get natsUrl(): string {
    return this.cluster?.url ?? this.nats?.url ?? '';
  }

  /** The NATS cluster (only with `natsCluster: true`): kill and restart its nodes. */
  get natsCluster(): PrivateNatsCluster {
    if (!this.cluster) throw new Error('this BridgeSystem was started without a NATS cluster');
    return this.cluster;
  }

  get natsMonitorUrl(): string | null {
    return this.nats?.monitorUrl ?? null;
  }

  /** The environment that makes a service connect as `user`. */
  private natsEnvironment(user: NatsUser): Record<string, string> {
    const cluster: Record<string, string> = this.cluster
      ? { NATS_URL: this.cluster.urlPreferring(this.servicesConnected++ % this.cluster.nodes.length) }
      : {};
    return this.options.secureNats
      ? { NATS_USER: user, NATS_PASSWORD: BridgeSystem.natsPassword(user), ...cluster }
      : cluster;
  }

  async start(): Promise<void> {
    if (this.options.natsCluster) this.cluster = await PrivateNatsCluster.start();
    else
      this.nats = await PrivateNatsServer.start(
        this.options.secureNats
          ? {
              configFile: NATS_CONFIG_FILE,
              monitor: true,
              environment: Object.fromEntries(
                (['ingester', 'scheduler', 'writer', 'monitor'] as const).map((user) => [
                  `NATS_${user.toUpperCase()}_PASSWORD`,
                  BridgeSystem.natsPassword(user),
                ]),
              ),
            }
          : {},
      );
    if (this.options.privatePostgres) {
      this.privatePostgres = await PrivatePostgresServer.start();
      this.testDatabase = new TestDatabase(this.privatePostgres.adminUrl);
    }
    await this.testDatabase.create();
    if (this.options.fakeNetbox) {
      this.fakeNetbox = await FakeNetboxServer.start();
      // Only what the suite adds: a sync or a re-plan reads every device and VM NetBox has, and hosts made
      // for the fixtures' objects would not carry the suite's prefix.
      this.fakeNetbox.clearHosts();
    }
    const ingesterPort = await freePort();
    const schedulerPort = await freePort();
    const connection = zabbixTestConnection();
    this.services = new ServiceProcesses({
      // The heap cap the Dockerfile and scripts/run.sh give the services: the suites run them as deployed.
      NODE_OPTIONS: SERVICE_NODE_OPTIONS,
      NATS_URL: this.natsUrl,
      ...(this.cluster ? { NATS_REPLICAS: '3' } : {}),
      DATABASE_URL: this.testDatabase.url,
      SECRETS_KEY: TEST_SECRETS_KEY,
      LOG_LEVEL: 'log',
      INGESTER_HOST: '127.0.0.1',
      INGESTER_PORT: String(ingesterPort),
      WEBHOOK_SECRET: BridgeSystem.WEBHOOK_SECRET,
      SCHEDULER_PORT: String(schedulerPort),
      API_TOKENS: `e2e:rw:${BridgeSystem.API_TOKEN}`,
      OUTBOX_INTERVAL_MS: '500',
      // Suites change mappings as they go; a background re-plan of every host would race their job counts.
      // RulesChangeWatcher has its own integration test.
      RULES_CHECK_INTERVAL_MS: '3600000',
      DEFAULT_DEVICE_HOST_GROUPS: this.defaultHostGroup,
      DEFAULT_DEVICE_TEMPLATES: 'ICMP Ping',
      ...(this.fakeNetbox ? { NETBOX_URL: this.fakeNetbox.url, NETBOX_TOKEN: FAKE_NETBOX_V1_TOKEN } : {}),
      ZABBIX_URL: connection.url,
      ZABBIX_USER: connection.username ?? 'Admin',
      ZABBIX_PASSWORD: connection.password ?? 'zabbix',
      ...(connection.apiToken ? { ZABBIX_API_TOKEN: connection.apiToken } : {}),
      ...this.options.environment,
    });

    this.httpPorts.set('scheduler', schedulerPort);
    for (const label of this.schedulerLabels.slice(1)) this.httpPorts.set(label, await freePort());
    for (const label of this.schedulerLabels) this.spawnScheduler(label);
    for (const label of this.schedulerLabels) {
      await this.waitFor(() => isReady(`${this.httpUrl(label)}/readyz`), label, STARTUP_TIMEOUT_MS);
    }
    this.bridgeDatabase = await BridgeDatabase.connect(this.testDatabase.url);
    this.httpPorts.set('ingester', ingesterPort);
    for (const label of this.writerLabels) await this.spawnWriter(label);
    this.services.start('ingester', this.natsEnvironment('ingester'));
    await this.waitFor(
      () => isReady(`http://127.0.0.1:${ingesterPort}/readyz`),
      'the ingester',
      STARTUP_TIMEOUT_MS,
    );
    for (const label of this.writerLabels) {
      await this.waitFor(() => this.logs(label).includes('consuming '), label, STARTUP_TIMEOUT_MS);
    }
    this.webhookUrl = `http://127.0.0.1:${ingesterPort}/webhooks/netbox`;
    this.schedulerApi = `http://127.0.0.1:${schedulerPort}/api`;
  }

  /** Stops everything started and removes what the suite made in Zabbix, PostgreSQL and NATS. */
  async stop(): Promise<void> {
    await this.services?.stopAll();
    await this.observer?.close();
    await this.bridgeDatabase?.close();
    await this.fakeNetbox?.close();
    try {
      await cleanupZabbixByPrefix(this.zabbix, this.prefix);
    } finally {
      await this.zabbix.close();
      if (this.privatePostgres) await this.privatePostgres.dispose();
      else await this.testDatabase.drop();
      await this.nats?.dispose();
      await this.cluster?.dispose();
    }
  }

  /** Stops the ingester or the scheduler as a deploy would (SIGTERM); `resume` starts it again. */
  async halt(name: 'ingester' | 'scheduler'): Promise<void> {
    await this.services?.stop(name);
  }

  /** Starts the ingester or the scheduler stopped by `halt` or killed (same port, environment, database) and waits until ready. */
  async resume(name: 'ingester' | 'scheduler'): Promise<void> {
    this.services?.start(name, this.natsEnvironment(name));
    await this.waitFor(() => isReady(`${this.httpUrl(name)}/readyz`), `the ${name}`, STARTUP_TIMEOUT_MS);
  }

  /** Kills one zabbix-writer with SIGKILL (kill -9): the jobs it held are redelivered to others. */
  async killWriter(label: string): Promise<void> {
    await this.services?.kill(label);
  }

  /** Starts another zabbix-writer replica under `label` (its WRITER_ID) and waits until it consumes. */
  async startWriter(label: string): Promise<void> {
    await this.spawnWriter(label);
    await this.waitFor(() => this.logs(label).includes('consuming '), label, STARTUP_TIMEOUT_MS);
  }

  get schedulerLabels(): string[] {
    const replicas = this.options.schedulerReplicas ?? 1;
    return Array.from({ length: replicas }, (_, index) =>
      index === 0 ? 'scheduler' : `scheduler-${index + 1}`,
    );
  }

  /** Kills a scheduler with SIGKILL (kill -9): no shutdown hook runs (`resume` starts it again). */
  async killScheduler(label = 'scheduler'): Promise<void> {
    await this.services?.kill(label);
  }

  /**
   * Kills the ingester with SIGKILL (kill -9): requests in flight get no answer, new ones are refused
   * (`resume` starts it again on its port).
   */
  async killIngester(): Promise<void> {
    await this.services?.kill('ingester');
  }

  private spawnScheduler(label: string): void {
    const port = this.httpPorts.get(label);
    this.services?.start(
      'scheduler',
      {
        ...(port === undefined ? {} : { SCHEDULER_PORT: String(port) }),
        ...this.natsEnvironment('scheduler'),
      },
      label,
    );
  }

  /** Each writer serves its probes and /metrics on a port of its own (they share the machine). */
  private async spawnWriter(label: string): Promise<void> {
    const port = await freePort();
    this.httpPorts.set(label, port);
    this.services?.start(
      'zabbix-writer',
      { WRITER_ID: label, WRITER_HTTP_PORT: String(port), ...this.natsEnvironment('writer') },
      label,
    );
  }

  /**
   * Starts a second ingester under `label` with more environment (`WEBHOOK_ALLOWED_NETWORKS`, …) on a port
   * of its own; resolves with its webhook URL once it is ready.
   */
  async startIngester(label: string, environment: Record<string, string>): Promise<string> {
    const port = await freePort();
    this.httpPorts.set(label, port);
    this.services?.start(
      'ingester',
      { INGESTER_PORT: String(port), ...this.natsEnvironment('ingester'), ...environment },
      label,
    );
    await this.waitFor(() => isReady(`http://127.0.0.1:${port}/readyz`), label, STARTUP_TIMEOUT_MS);
    return `http://127.0.0.1:${port}/webhooks/netbox`;
  }

  /** Where a service (`ingester`, `scheduler` or a writer's label) serves /healthz, /readyz and /metrics. */
  httpUrl(label: string): string {
    const port = this.httpPorts.get(label);
    if (port === undefined) throw new Error(`no service ${label} was started`);
    return `http://127.0.0.1:${port}`;
  }

  /** Freezes every zabbix-writer: jobs are published but none is worked on until `resumeWriters`. */
  pauseWriters(): void {
    for (const label of this.writerLabels) this.services?.pause(label);
  }

  resumeWriters(): void {
    for (const label of this.writerLabels) this.services?.resume(label);
  }

  sign(body: string, secret = BridgeSystem.WEBHOOK_SECRET): string {
    return createHmac('sha512', secret).update(body).digest('hex');
  }

  /** The scheduler's management API base URL (`http://127.0.0.1:<port>/api`). */
  get schedulerUrl(): string {
    return this.schedulerApi;
  }

  /** Headers of a management API request: the suite's token, and JSON. */
  get apiHeaders(): Record<string, string> {
    return { authorization: `Bearer ${BridgeSystem.API_TOKEN}`, 'content-type': 'application/json' };
  }

  /** Posts a webhook body to the ingester as NetBox does, signed with the shared secret unless told. */
  async postWebhook(body: string, signature = this.sign(body)): Promise<WebhookAnswer> {
    const response = await fetch(this.webhookUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-hook-signature': signature },
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  /** Like `postWebhook`, but fails unless the ingester stored the event (202). */
  async deliver(body: string): Promise<void> {
    const answer = await this.postWebhook(body);
    if (answer.status !== 202) {
      throw new Error(`the ingester answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    }
  }

  /** Events stored in the NetBox events stream so far. */
  async storedEvents(): Promise<number> {
    const manager = await this.jetstreamManager();
    return (await manager.streams.info(Streams.netboxEvents.name)).state.messages;
  }

  /** True when the scheduler has handled (acknowledged) every NetBox event stored so far. */
  async eventsHandled(): Promise<boolean> {
    const manager = await this.jetstreamManager();
    const { stream, durable } = Consumers.schedulerNetboxEvents;
    const info = await manager.consumers.info(stream.name, durable);
    return info.num_pending === 0 && info.num_ack_pending === 0;
  }

  /**
   * Waits until the scheduler has handled every event posted so far and no job is pending or running (a
   * follow-up job is stored in the same transaction as the result that triggers it): Zabbix then holds the
   * outcome of everything sent, and what a test changes next cannot race a leftover job.
   */
  async settle(timeoutMs = 60_000): Promise<void> {
    await this.waitFor(
      async () => (await this.eventsHandled()) && (await this.database.idle()),
      'every event handled and no job in flight',
      timeoutMs,
    );
  }

  /** `waitFor`, with the services' output in the error when it times out. */
  async waitFor<T>(
    probe: () => Promise<T | undefined | false> | T | undefined | false,
    description: string,
    timeoutMs = 30_000,
    intervalMs = 100,
  ): Promise<T> {
    try {
      return await waitFor(probe, description, timeoutMs, intervalMs);
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${this.allLogs()}`);
    }
  }

  logs(label: string): string {
    return this.services?.logs(label) ?? '';
  }

  allLogs(): string {
    return this.services?.allLogs() ?? '';
  }

  private async jetstreamManager(): Promise<NatsConnection['jetstreamManager']> {
    if (!this.observer) {
      this.observer = new NatsConnection({
        servers: this.natsUrl,
        name: 'e2e-observer',
        auth: this.natsAuth('scheduler'),
      });
      await this.observer.open();
    }
    return this.observer.jetstreamManager;
  }

  /**
   * The answers to a NATS request sent to every service (`$SRV.PING`, `$SRV.STATS.zabbix-writer`, …): as many
   * as `expected`, or those that came within 5 s.
   */
  async serviceAnswers<T>(subject: string, expected: number): Promise<T[]> {
    await this.jetstreamManager();
    const answers: T[] = [];
    const replies = await this.observer!.core.requestMany(subject, '', {
      strategy: 'count',
      maxMessages: expected,
      maxWait: 5_000,
    });
    for await (const reply of replies) answers.push(reply.json<T>());
    return answers;
  }

  /** For `afterEach`: prints the services' output when the test's assertions failed. */
  printLogsIfAssertionsFailed(): void {
    const state = expect.getState();
    if (state.assertionCalls !== state.numPassingAsserts) process.stderr.write(this.allLogs());
  }
}

async function isReady(url: string): Promise<boolean> {
  return fetch(url).then(
    (response) => response.ok,
    () => false,
  );
}
