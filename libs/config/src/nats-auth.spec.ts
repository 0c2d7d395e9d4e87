import { ConfigError, loadConfig } from './load-config';
import { NatsConfig } from './fragments';
import { natsAuthOf } from './nats-auth';

describe(natsAuthOf.name, () => {
  const auth = (environment: Record<string, string>): ReturnType<typeof natsAuthOf> =>
    natsAuthOf(loadConfig(NatsConfig, environment));

  it.each([
    [{}, undefined],
    [
      { NATS_USER: 'writer', NATS_PASSWORD: 'p' },
      { kind: 'user', user: 'writer', password: 'p' },
    ],
    [{ NATS_TOKEN: 't' }, { kind: 'token', token: 't' }],
    [
      { NATS_CREDS_FILE: '/run/secrets/writer.creds' },
      { kind: 'creds', credsFile: '/run/secrets/writer.creds' },
    ],
  ])('should read %j', (environment, expected) => {
    expect(auth(environment)).toEqual(expected);
  });

  it.each([
    [{ NATS_USER: 'writer' }, /NATS_USER, NATS_PASSWORD/],
    [{ NATS_PASSWORD: 'secret-value' }, /NATS_USER, NATS_PASSWORD/],
    [{ NATS_TOKEN: 'secret-value', NATS_CREDS_FILE: '/f' }, /NATS_TOKEN, NATS_CREDS_FILE/],
    [
      { NATS_USER: 'u', NATS_PASSWORD: 'secret-value', NATS_TOKEN: 't' },
      /NATS_USER\/NATS_PASSWORD, NATS_TOKEN/,
    ],
  ])('should refuse %j, naming the variables and never a value', (environment, message) => {
    expect(() => auth(environment)).toThrow(ConfigError);
    expect(() => auth(environment)).toThrow(message);
    expect(() => auth(environment)).not.toThrow(/secret-value/);
  });
});
