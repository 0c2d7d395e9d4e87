import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig, WriterConfig } from '@lib/config';
import { ZabbixClient } from '@lib/clients';
import { createZabbixWriterApp } from './zabbix-writer-app.factory';

async function bootstrap(): Promise<void> {
  const config = loadConfig(WriterConfig, process.env);
  const app = await createZabbixWriterApp(config);
  // SIGTERM: stop pulling, finish the jobs in hand (bounded), then close NATS and the Zabbix client.
  app.enableShutdownHooks();
  const logger = new Logger('ZabbixWriter');

  // Probes and metrics first: /readyz answers (503) while NATS or Zabbix is away.
  await app.listen(config.WRITER_HTTP_PORT, config.WRITER_HTTP_HOST);
  logger.log(`probes and metrics on ${await app.getUrl()} (/healthz, /readyz, /metrics)`);

  // Not fatal: jobs are retried until Zabbix answers, and the version is asked again on the next call.
  try {
    const version = await app.get(ZabbixClient).version();
    logger.log(`Zabbix API ${version.toString()} at ${new URL(config.ZABBIX_URL).origin}`);
  } catch (error) {
    logger.warn(`Zabbix API not reachable yet: ${error instanceof Error ? error.message : String(error)}`);
  }

  await app.startAllMicroservices();
}

bootstrap().catch((error: unknown) => {
  // The configuration error names the variable, never its value.
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exit(1);
});
