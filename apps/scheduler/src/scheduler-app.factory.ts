import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type CustomStrategy } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { BRIDGE_VERSION, Consumers } from '@lib/contracts';
import {
  assertApiProtected,
  loadApiTokens,
  natsAuthOf,
  type LogLevel,
  type SchedulerConfig,
} from '@lib/config';
import { connectionName, JetStreamServer, type JetStreamConsumerOptions } from '@lib/messaging';
import { effectiveLogLevel } from '@lib/observability';
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
  /** The levels to print instead of LOG_LEVEL's (tests keep the output short); false: none. */
  readonly logger?: readonly LogLevel[] | false;
}

/**
 * The scheduler as a Nest hybrid app: the management API, probes and /metrics over HTTP, and a JetStream
 * microservice registered as the NATS service `scheduler`; JSON logs through pino. Resolves initialised
 * (settings defaults created, sweeps running) and consuming; main.ts then listens for HTTP.
 */
export async function createSchedulerApp(
  config: SchedulerConfig,
  options: SchedulerAppOptions = {},
): Promise<INestApplication> {
  // The API's tokens first: a bad entry, or no token on an address others reach, stops the start here.
  assertApiProtected(loadApiTokens(config), config.SCHEDULER_HOST);
  const app = await NestFactory.create(
    SchedulerModule.forRoot(config, effectiveLogLevel(config.LOG_LEVEL, options.logger)),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.connectMicroservice<CustomStrategy>({
    strategy: new JetStreamServer({
      servers: config.NATS_URL,
      connectionName: connectionName('scheduler', 'consumers'),
      auth: natsAuthOf(config),
      replicas: config.NATS_REPLICAS,
      consumers: schedulerConsumers(config),
      service: {
        name: 'scheduler',
        version: BRIDGE_VERSION,
        description: 'NetBox events to desired hosts and jobs; job results and dead letters to job rows',
      },
    }),
  });
  // Before init: routes added later would come after Nest's 404 handler.
  serveOpenApi(app);
  // Lifecycle hooks first: a handler must find the settings defaults in place.
  await app.init();
  await app.startAllMicroservices();
  return app;
}
