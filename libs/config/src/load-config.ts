import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Environment = Record<string, string | undefined>;

/**
 * Reads an app's configuration class from the environment, once, at boot. Properties are named after their
 * environment variables; unset variables keep the class defaults. Invalid values stop the process with a
 * message naming each offending variable (never its value: it may be a secret).
 */
export function loadConfig<TConfig extends object>(
  configType: new () => TConfig,
  environment: Environment,
): TConfig {
  const defaults = new configType() as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const value = environment[key];
    const fallback = defaults[key];
    if (value === undefined || value === '') raw[key] = fallback;
    else raw[key] = typeof fallback === 'number' ? Number(value) : value;
  }
  const config = plainToInstance(configType, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(`Invalid configuration: ${errors.map(describeError).join('; ')}`);
  }
  return config;
}

function describeError(error: ValidationError): string {
  const constraints = Object.keys(error.constraints ?? {}).join(', ');
  return `${error.property} (${constraints || 'invalid'})`;
}

/** Comma-separated list in an environment variable → trimmed, non-empty items. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
