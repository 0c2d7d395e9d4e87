import { ConfigError, loadConfig, splitList } from './load-config';
import { IngesterConfig, WriterConfig } from './fragments';

describe(loadConfig.name, () => {
  it('should keep the defaults when the environment is empty', () => {
    const config = loadConfig(IngesterConfig, {});
    expect(config.INGESTER_PORT).toBe(8080);
    expect(config.WEBHOOK_MAX_BODY_BYTES).toBe(1_048_576);
    expect(config.WEBHOOK_SECRET).toBeUndefined();
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
  });

  it('should convert numbers from the environment', () => {
    const config = loadConfig(IngesterConfig, { INGESTER_PORT: '9000', WEBHOOK_MAX_BODY_BYTES: '2048' });
    expect(config.INGESTER_PORT).toBe(9000);
    expect(config.WEBHOOK_MAX_BODY_BYTES).toBe(2048);
  });

  it.each([
    ['INGESTER_PORT', 'eighty'],
    ['INGESTER_PORT', '70000'],
    ['NATS_URL', 'http://127.0.0.1:4222'],
    ['WEBHOOK_SECRET', 'short'],
  ])('should name %s when it is invalid (%s)', (variable, value) => {
    expect(() => loadConfig(IngesterConfig, { [variable]: value })).toThrow(
      new RegExp(`Invalid configuration: .*${variable}`),
    );
  });

  it('should never put a secret value into the error', () => {
    const secret = 'not-a-url-but-a-secret';
    const attempt = (): unknown => loadConfig(WriterConfig, { ZABBIX_URL: secret });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/ZABBIX_URL/);
    expect(attempt).not.toThrow(new RegExp(secret));
  });
});

describe(splitList.name, () => {
  it.each([
    ['NetBox', ['NetBox']],
    [' NetBox , Routers ,', ['NetBox', 'Routers']],
    ['', []],
  ])('should split %j', (input, expected) => {
    expect(splitList(input)).toEqual(expected);
  });
});
