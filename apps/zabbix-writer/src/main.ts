import 'reflect-metadata';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Consumers } from '@lib/contracts';
import { loadConfig, LOG_LEVELS, WriterConfig, type LogLevel as ConfiguredLogLevel } from '@lib/config';
import { JetStreamConsumerHost } from '@lib/messaging';
import { ZabbixClient } from '@lib/clients';
import { HostJobsHandler } from './jobs/host-jobs.handler';
import { ZabbixWriterModule } from './zabbix-writer.module';

/** LOG_LEVEL=log → error, warn and log. */
function logLevelsUpTo(level: ConfiguredLogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

async function bootstrap(): Promise<void> {
  const config = loadConfig(WriterConfig, process.env);
  const app = await NestFactory.createApplicationContext(ZabbixWriterModule.forRoot(config), {
    logger: logLevelsUpTo(config.LOG_LEVEL),
  });
  app.enableShutdownHooks();
  const logger = new Logger('ZabbixWriter');

  // Not fatal: jobs are retried until Zabbix answers, and the version is asked again on the next call.
  try {
    const version = await app.get(ZabbixClient).version();
    logger.log(`Zabbix API ${version.toString()} at ${new URL(config.ZABBIX_URL).origin}`);
  } catch (error) {
    logger.warn(`Zabbix API not reachable yet: ${error instanceof Error ? error.message : String(error)}`);
  }

  await app
    .get(JetStreamConsumerHost)
    .start(Consumers.writerZabbixJobs, app.get(HostJobsHandler).bindings(), {
      concurrency: config.WRITER_CONCURRENCY,
    });
}

bootstrap().catch((error: unknown) => {
  // The configuration error names the variable, never its value.
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exit(1);
});
