import { LOG_LEVELS, type LogLevel } from '@lib/config';

/**
 * The level an app logs at: LOG_LEVEL, unless a test asks for fewer lines with the levels it wants printed
 * (`['error']`; `false` for none), as Nest's `logger` option takes them.
 */
export function effectiveLogLevel(
  configured: LogLevel,
  override?: readonly LogLevel[] | false,
): LogLevel | 'silent' {
  if (override === undefined) return configured;
  if (override === false || override.length === 0) return 'silent';
  return LOG_LEVELS[Math.max(...override.map((level) => LOG_LEVELS.indexOf(level)))] ?? configured;
}
