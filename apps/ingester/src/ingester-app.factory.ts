import { type LogLevel as NestLogLevel, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { type IngesterConfig, type LogLevel } from '@lib/config';
import { IngesterModule } from './ingester.module';

export interface IngesterAppOptions {
  /** Overrides the levels LOG_LEVEL selects (tests keep the output short). */
  readonly logger?: LoggerService | NestLogLevel[] | false;
}

const LEVELS_BY_VERBOSITY: readonly NestLogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** The levels Nest prints for LOG_LEVEL: that level and every more severe one. */
export function logLevelsFor(level: LogLevel): NestLogLevel[] {
  return LEVELS_BY_VERBOSITY.slice(0, LEVELS_BY_VERBOSITY.indexOf(level) + 1);
}

/**
 * The ingester's HTTP app, not yet listening (main.ts and the integration tests boot it the same way).
 * Nest's body parser is off: the webhook route reads the raw bytes itself, to verify the signature and to
 * tell an oversized body (413) from malformed JSON (400). Resolves once NATS is connected and the JetStream
 * topology exists.
 */
export async function createIngesterApp(
  config: IngesterConfig,
  options: IngesterAppOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(IngesterModule.forRoot(config), {
    bodyParser: false,
    logger: options.logger ?? logLevelsFor(config.LOG_LEVEL),
  });
  app.disable('x-powered-by');
  return app;
}
