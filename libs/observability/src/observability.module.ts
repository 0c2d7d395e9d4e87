import { type IncomingMessage, type ServerResponse } from 'node:http';
import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  RequestMethod,
} from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type DestinationStream } from 'pino';
import { type LogFormat, type LogLevel } from '@lib/config';
import { createBridgeLogger } from './bridge-logger';
import { correlationIdOfRequest, correlationScopeMiddleware } from './correlation-context';
import { MetricsRegistry } from './metrics-registry';

export interface ObservabilityOptions {
  readonly app: string;
  readonly logLevel: LogLevel | 'silent';
  readonly logFormat: LogFormat;
  /** Tests read the lines from here; stdout by default. */
  readonly logDestination?: DestinationStream;
}

/** Paths asked all the time by probes and scrapers: no request line for them. */
const QUIET_PATHS = new Set(['/metrics', '/healthz', '/readyz']);

/**
 * Structured logs and metrics for an app: Nest's Logger routed to one pino logger (see createBridgeLogger;
 * main.ts and the app factories pass `bufferLogs` and call `useLogger(app.get(Logger))`), one JSON line per
 * HTTP request (not for probes and scrapes) carrying the request's correlation id, and the app's
 * MetricsRegistry. The app lists HealthController and MetricsController among its controllers and provides
 * its ReadinessCheck.
 */
@Module({})
export class ObservabilityModule implements NestModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    const logger = createBridgeLogger({
      app: options.app,
      level: options.logLevel,
      format: options.logFormat,
      destination: options.logDestination,
    });
    return {
      module: ObservabilityModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            autoLogging: { ignore: (request) => QUIET_PATHS.has(pathOf(request)) },
            // Only what identifies the request: its headers may authenticate it.
            serializers: {
              req: (request: { id?: unknown; method?: string; url?: string }) => ({
                id: request.id,
                method: request.method,
                url: request.url,
              }),
              res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
            },
            customSuccessObject: withCorrelationId,
            customErrorObject: (request, response, _error, value: Record<string, unknown>) =>
              withCorrelationId(request, response, value),
            customLogLevel: (_request, response, error) =>
              error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
          },
        }),
      ],
      providers: [MetricsRegistry],
      exports: [MetricsRegistry],
    };
  }

  /** Every request in a correlation scope of its own (see bindCorrelationId). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(correlationScopeMiddleware).forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}

function pathOf(request: IncomingMessage): string {
  return (request.url ?? '').split('?')[0] ?? '';
}

/** The request line carries the correlation id the handler bound (the finish event runs outside its scope). */
function withCorrelationId(
  request: IncomingMessage,
  _response: ServerResponse,
  value: Record<string, unknown>,
): Record<string, unknown> {
  const correlationId = correlationIdOfRequest(request);
  return correlationId === undefined ? value : { ...value, correlationId };
}
