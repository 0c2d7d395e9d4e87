import { type INestApplication, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type CustomStrategy } from '@nestjs/microservices';
import { Consumers } from '@lib/contracts';
import { assertApiProtected, loadApiTokens, logLevels, type SchedulerConfig } from '@lib/config';
import { JetStreamServer, type JetStreamConsumerOptions } from '@lib/messaging';
import { serveOpenApi } from './api/openapi';
import { SchedulerModule } from './scheduler.module';

/** The durable consumers the scheduler runs (handlers: SchedulerEventsController), and their concurrency. */
export function schedulerConsumers(config: SchedulerConfig): readonly JetStreamConsumerOptions[] {
  return [
    { spec: Consumers.schedulerNetboxEvents, concurrency: config.EVENT_CONCURRENCY },
    { spec: Consumers.schedulerDeadLetters, concurrency: 2 },
    // Results in hand at once: those that arrive together are applied in one transaction.
    { spec: Consumers.schedulerJobResults, concurrency: 256 },
  ];
}

export interface SchedulerAppOptions {
  /** Overrides the levels LOG_LEVEL selects (tests keep the output short). */
  readonly logger?: LoggerService | LogLevel[] | false;
}

/**
 * The scheduler as a Nest hybrid app: the management API over HTTP and a JetStream microservice. Resolves
 * initialised (settings defaults created, sweeps running) and consuming; main.ts then listens for HTTP.
 */
export async function createSchedulerApp(
  config: SchedulerConfig,
  options: SchedulerAppOptions = {},
): Promise<INestApplication> {
  // The API's tokens first: a bad entry, or no token on an address others reach, stops the start here.
  assertApiProtected(loadApiTokens(config), config.SCHEDULER_HOST);
  const app = await NestFactory.create(SchedulerModule.forRoot(config), {
    logger: options.logger ?? logLevels(config.LOG_LEVEL),
  });
  app.connectMicroservice<CustomStrategy>({
    strategy: new JetStreamServer({
      servers: config.NATS_URL,
      connectionName: 'scheduler-consumers',
      consumers: schedulerConsumers(config),
    }),
  });
  // Before init: routes added later would come after Nest's 404 handler.
  serveOpenApi(app);
  // Lifecycle hooks first: a handler must find the settings defaults in place.
  await app.init();
  await app.startAllMicroservices();
  return app;
}
