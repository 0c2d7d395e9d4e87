import { hostname } from 'node:os';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { type LogFormat, type LogLevel } from '@lib/config';
import { currentCorrelationId } from './correlation-context';

export interface BridgeLoggerOptions {
  /** `ingester`, `scheduler`, `zabbix-writer`: the `app` field of every line. */
  readonly app: string;
  readonly level: LogLevel | 'silent';
  readonly format: LogFormat;
  /** Where the lines go; stdout by default (tests pass a stream to read them). */
  readonly destination?: DestinationStream;
}

/** LOG_LEVEL keeps Nest's level names; pino calls `log` `info` and `verbose` `trace`. */
const PINO_LEVELS: Readonly<Record<LogLevel | 'silent', Level | 'silent'>> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
  silent: 'silent',
};

/**
 * Paths of log objects whose values are replaced by `[redacted]`, wherever a line carries them: request
 * headers that authenticate (NetBox's signature, bearer tokens, cookies) and any field named like a secret.
 * Messages themselves are written by our code and never contain secrets (the Zabbix client redacts what
 * Zabbix echoes back).
 */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hook-signature"]',
  'res.headers["set-cookie"]',
  ...['password', 'token', 'apiToken', 'secret', 'authorization', 'tlsPsk', 'tls_psk', 'passphrase'].flatMap(
    (key) => [key, `*.${key}`],
  ),
];

/**
 * The process's one pino logger: JSON lines with time, level, app, host, pid, Nest's context, and the
 * correlation id of the work in progress (see runWithCorrelationId); LOG_FORMAT=pretty prints them as
 * coloured text for development (pino-pretty, a development dependency).
 */
export function createBridgeLogger(options: BridgeLoggerOptions): Logger {
  const settings: pino.LoggerOptions = {
    level: PINO_LEVELS[options.level],
    base: { app: options.app, host: hostname(), pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId === undefined ? {} : { correlationId };
    },
  };
  if (options.destination) return pino(settings, options.destination);
  if (options.format === 'pretty') {
    return pino({
      ...settings,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } },
    });
  }
  return pino(settings, pino.destination({ dest: 1, sync: true }));
}
