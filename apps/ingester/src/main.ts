import { Logger } from '@nestjs/common';
import { IngesterConfig, loadConfig } from '@lib/config';
import { createIngesterApp } from './ingester-app.factory';

async function bootstrap(): Promise<void> {
  const config = loadConfig(IngesterConfig, process.env);
  const logger = new Logger('Ingester');
  const app = await createIngesterApp(config);
  app.enableShutdownHooks();
  await app.listen(config.INGESTER_PORT, config.INGESTER_HOST);
  if (config.WEBHOOK_SECRET === undefined) {
    logger.warn('WEBHOOK_SECRET is not set: X-Hook-Signature is not checked');
  }
  logger.log(
    `NetBox webhook endpoint: http://${config.INGESTER_HOST}:${config.INGESTER_PORT}/webhooks/netbox ` +
      `(max body ${config.WEBHOOK_MAX_BODY_BYTES} bytes)`,
  );
}

bootstrap().catch((error: unknown) => {
  // Config errors name the variable, never its value.
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exit(1);
});
