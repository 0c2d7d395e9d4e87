import { type INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig, SchedulerConfig } from '@lib/config';
import { Job, type JobStatus } from '@lib/models';
import { PrivateNatsServer, TEST_SECRETS_KEY, TestDatabase, waitFor } from '@lib/testing';
import { createSchedulerApp } from '../src/scheduler-app.factory';

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

/**
 * Scheduler instances as main.ts builds them (HTTP on a free port), sharing one throw-away database and one
 * private NATS server: for system jobs, the schedule, and the management API.
 */
export class SchedulerCluster {
  readonly apps: INestApplication[] = [];
  private readonly urls: string[] = [];

  private constructor(
    private readonly environment: Record<string, string>,
    private readonly nats: PrivateNatsServer,
    private readonly database: TestDatabase,
  ) {}

  static async start(environment: Record<string, string> = {}, instances = 1): Promise<SchedulerCluster> {
    const nats = await PrivateNatsServer.start();
    const database = new TestDatabase();
    await database.create();
    const cluster = new SchedulerCluster(environment, nats, database);
    for (let index = 0; index < instances; index += 1) await cluster.addInstance();
    return cluster;
  }

  async addInstance(): Promise<INestApplication> {
    const config = loadConfig(SchedulerConfig, {
      DATABASE_URL: this.database.url,
      NATS_URL: this.nats.url,
      SECRETS_KEY: TEST_SECRETS_KEY,
      LOG_LEVEL: 'warn',
      ...this.environment,
    });
    const app = await createSchedulerApp(config, { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    this.apps.push(app);
    this.urls.push((await app.getUrl()).replace('[::1]', '127.0.0.1'));
    return app;
  }

  get dataSource(): DataSource {
    const [first] = this.apps;
    if (!first) throw new Error('no scheduler instance');
    return first.get(DataSource);
  }

  async stop(): Promise<void> {
    for (const app of this.apps) await app.close();
    await this.nats.dispose();
    await this.database.drop();
  }

  async request<T = Record<string, unknown>>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    instance = 0,
  ): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.urls[instance]}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  async job(id: string): Promise<Job> {
    return this.dataSource.getRepository(Job).findOneByOrFail({ id });
  }

  async jobsOfKind(kind: string): Promise<Job[]> {
    return this.dataSource.getRepository(Job).find({ where: { kind }, order: { createdAt: 'ASC' } });
  }

  /** Waits until the job is in one of the statuses, and returns it. */
  async jobEnded(
    id: string,
    statuses: readonly JobStatus[] = ['completed', 'failed'],
    timeoutMs = 30_000,
  ): Promise<Job> {
    return waitFor(
      async () => {
        const job = await this.job(id);
        return statuses.includes(job.status) ? job : undefined;
      },
      `job ${id} ${statuses.join(' or ')}`,
      timeoutMs,
    );
  }
}
