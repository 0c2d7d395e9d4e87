import { zabbixTestConnection } from '@lib/testing';
import { ApiClient } from '../../test/api-client';
import { SchedulerHarness } from '../../test/scheduler-harness';
import { SettingsApiService } from './settings-api.service';

jest.setTimeout(60_000);

const TOKEN = 'connection-test-token-0123456789';

/** The Zabbix connection test of the settings, against the real Zabbix API. */
describe(`${SettingsApiService.name} connection test`, () => {
  let harness: SchedulerHarness;
  let api: ApiClient;
  const connection = zabbixTestConnection();

  beforeAll(async () => {
    harness = await SchedulerHarness.start({
      API_TOKENS: `admin:rw:${TOKEN}`,
      ZABBIX_URL: connection.url,
      ...(connection.apiToken ? { ZABBIX_API_TOKEN: connection.apiToken } : {}),
      ZABBIX_USER: connection.username ?? 'Admin',
      ZABBIX_PASSWORD: connection.password ?? 'zabbix',
    });
    api = await ApiClient.listen(harness, TOKEN);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('should find Zabbix reachable with its version and latency, log in, and record it', async () => {
    const answer = await api.post('/api/settings/zabbix-connection/test');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(
      expect.objectContaining({ url: connection.url, reachable: true, authenticated: true, error: null }),
    );
    expect(answer.body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(answer.body.latencyMs).toEqual(expect.any(Number));
    const settings = (await api.get('/api/settings')).body;
    expect(settings).toEqual(expect.objectContaining({ connection: true, version: answer.body.version }));
  });

  it('should say when Zabbix refuses the credentials', async () => {
    await harness.stop();
    harness = await SchedulerHarness.start({
      API_TOKENS: `admin:rw:${TOKEN}`,
      ZABBIX_URL: connection.url,
      ZABBIX_USER: 'nobody-here',
      ZABBIX_PASSWORD: 'wrong-password',
    });
    api = await ApiClient.listen(harness, TOKEN);

    const answer = await api.post('/api/settings/zabbix-connection/test');

    expect(answer.body).toEqual(expect.objectContaining({ reachable: true, authenticated: false }));
    expect(answer.body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(answer.text).not.toContain('wrong-password');
  });
});
