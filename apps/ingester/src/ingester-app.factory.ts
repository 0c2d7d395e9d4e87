import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { type IngesterConfig, type LogLevel } from '@lib/config';
import { effectiveLogLevel } from '@lib/observability';
import { IngesterModule } from './ingester.module';

export interface IngesterAppOptions {
  /** The levels to print instead of LOG_LEVEL's (tests keep the output short); false: none. */
  readonly logger?: readonly LogLevel[] | false;
}

/**
 * The ingester's HTTP app, not yet listening (main.ts and the integration tests boot it the same way), logging
 * JSON lines through pino. Nest's body parser is off: the webhook route reads the raw bytes itself, to verify
 * the signature and to tell an oversized body (413) from malformed JSON (400). NATS connects in the
 * background: /readyz answers 503 until it is there.
 */
export async function createIngesterApp(
  config: IngesterConfig,
  options: IngesterAppOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    IngesterModule.forRoot(config, effectiveLogLevel(config.LOG_LEVEL, options.logger)),
    { bodyParser: false, bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  return app;
}
