import { hostname } from 'node:os';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type CustomStrategy } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { BRIDGE_VERSION, Consumers } from '@lib/contracts';
import { natsAuthOf, type LogLevel, type WriterConfig } from '@lib/config';
import { connectionName, JetStreamServer } from '@lib/messaging';
import { effectiveLogLevel } from '@lib/observability';
import { workerIdOf } from './jobs/domain/job-result';
import { ZabbixWriterModule } from './zabbix-writer.module';

export interface ZabbixWriterAppOptions {
  /** The levels to print instead of LOG_LEVEL's (tests keep the output short); false: none. */
  readonly logger?: readonly LogLevel[] | false;
}

/**
 * The zabbix-writer as a Nest hybrid app: a small HTTP server for /healthz, /readyz and /metrics, and the
 * JetStream transport (handlers: HostJobsController and MaintenanceJobsController, on the one jobs
 * consumer) registered as the NATS service `zabbix-writer`. Not yet listening: main.ts serves the probes
 * (`listen`), then takes jobs (`startAllMicroservices`); `close()` stops taking them and finishes those in hand.
 */
export async function createZabbixWriterApp(
  config: WriterConfig,
  options: ZabbixWriterAppOptions = {},
): Promise<INestApplication> {
  const workerId = workerIdOf(config.WRITER_ID, hostname(), process.pid);
  const app = await NestFactory.create(
    ZabbixWriterModule.forRoot(config, effectiveLogLevel(config.LOG_LEVEL, options.logger)),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.connectMicroservice<CustomStrategy>({
    strategy: new JetStreamServer({
      servers: config.NATS_URL,
      connectionName: connectionName('zabbix-writer', 'consumers'),
      auth: natsAuthOf(config),
      replicas: config.NATS_REPLICAS,
      consumers: [{ spec: Consumers.writerZabbixJobs, concurrency: config.WRITER_CONCURRENCY }],
      service: {
        name: 'zabbix-writer',
        version: BRIDGE_VERSION,
        description: 'Zabbix jobs in, Zabbix JSON-RPC, job results out',
        metadata: { worker: workerId },
      },
    }),
  });
  return app;
}
