import { hostname } from 'node:os';
import { type INestMicroservice, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type CustomStrategy } from '@nestjs/microservices';
import { Consumers } from '@lib/contracts';
import { logLevels, type WriterConfig } from '@lib/config';
import { JetStreamServer } from '@lib/messaging';
import { workerIdOf } from './jobs/domain/job-result';
import { ZabbixWriterModule } from './zabbix-writer.module';

export interface ZabbixWriterAppOptions {
  /** Overrides the levels LOG_LEVEL selects (tests keep the output short). */
  readonly logger?: LoggerService | LogLevel[] | false;
}

/**
 * The zabbix-writer as a Nest microservice on the JetStream transport (handlers: HostJobsController and
 * MaintenanceJobsController, on the one jobs consumer), not
 * yet listening: `listen()` starts taking jobs, `close()` stops taking them and finishes those in hand.
 */
export async function createZabbixWriterApp(
  config: WriterConfig,
  options: ZabbixWriterAppOptions = {},
): Promise<INestMicroservice> {
  const workerId = workerIdOf(config.WRITER_ID, hostname(), process.pid);
  return NestFactory.createMicroservice<CustomStrategy>(ZabbixWriterModule.forRoot(config), {
    strategy: new JetStreamServer({
      servers: config.NATS_URL,
      connectionName: `zabbix-writer-${workerId}-consumer`,
      consumers: [{ spec: Consumers.writerZabbixJobs, concurrency: config.WRITER_CONCURRENCY }],
    }),
    logger: options.logger ?? logLevels(config.LOG_LEVEL),
  });
}
