import { randomBytes } from 'node:crypto';
import { ZabbixClient, type ZabbixConnectionOptions } from '@lib/clients';
import { loadConfig, WriterConfig } from '@lib/config';

/**
 * How tests reach the real Zabbix API installed by `scripts/zabbix-local.sh`: the writer's own configuration
 * (ZABBIX_URL, ZABBIX_API_TOKEN or ZABBIX_USER/ZABBIX_PASSWORD, …) with its defaults, so
 * `http://127.0.0.1:8081/api_jsonrpc.php` and Admin/zabbix unless the environment says otherwise.
 */
export function zabbixTestConnection(
  overrides: Partial<ZabbixConnectionOptions> = {},
): ZabbixConnectionOptions {
  const config = loadConfig(WriterConfig, process.env);
  return {
    url: config.ZABBIX_URL,
    apiToken: config.ZABBIX_API_TOKEN,
    username: config.ZABBIX_USER,
    password: config.ZABBIX_PASSWORD,
    timeoutMs: config.ZABBIX_TIMEOUT_MS,
    maxConcurrentCalls: config.ZABBIX_MAX_CONCURRENT_CALLS,
    ...overrides,
  };
}

export function createZabbixTestClient(overrides: Partial<ZabbixConnectionOptions> = {}): ZabbixClient {
  return ZabbixClient.create(zabbixTestConnection(overrides));
}

/**
 * A prefix for every name a test creates in Zabbix (`nzbt-3f9a1c2b-`): unique per run, so parallel suites and
 * leftovers of a crashed run never collide, and `cleanupZabbixByPrefix` removes exactly what the test made.
 */
export function uniqueZabbixTestPrefix(): string {
  return `nzbt-${randomBytes(4).toString('hex')}-`;
}
