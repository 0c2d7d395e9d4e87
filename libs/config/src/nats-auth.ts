import { ConfigError } from './load-config';
import { type NatsConfig } from './fragments';

/** How an app authenticates to NATS: a user and password, a token, or a credentials file (JWT + nkey seed). */
export type NatsAuth =
  | { readonly kind: 'user'; readonly user: string; readonly password: string }
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'creds'; readonly credsFile: string };

/**
 * The NATS credentials of the configuration (NATS_USER + NATS_PASSWORD, NATS_TOKEN or NATS_CREDS_FILE; at
 * most one of them), or undefined: none, as a development server on loopback needs. Refuses a user without a
 * password, or two kinds at once, naming the variables (never their values).
 */
export function natsAuthOf(config: NatsConfig): NatsAuth | undefined {
  const given = [
    config.NATS_USER !== undefined || config.NATS_PASSWORD !== undefined
      ? 'NATS_USER/NATS_PASSWORD'
      : undefined,
    config.NATS_TOKEN !== undefined ? 'NATS_TOKEN' : undefined,
    config.NATS_CREDS_FILE !== undefined ? 'NATS_CREDS_FILE' : undefined,
  ].filter((name): name is string => name !== undefined);
  if (given.length > 1) {
    throw new ConfigError(`Invalid configuration: ${given.join(', ')} (set one way to authenticate to NATS)`);
  }
  if (config.NATS_CREDS_FILE !== undefined) return { kind: 'creds', credsFile: config.NATS_CREDS_FILE };
  if (config.NATS_TOKEN !== undefined) return { kind: 'token', token: config.NATS_TOKEN };
  if (config.NATS_USER === undefined && config.NATS_PASSWORD === undefined) return undefined;
  if (config.NATS_USER === undefined || config.NATS_PASSWORD === undefined) {
    throw new ConfigError('Invalid configuration: NATS_USER, NATS_PASSWORD (set both, or neither)');
  }
  return { kind: 'user', user: config.NATS_USER, password: config.NATS_PASSWORD };
}
