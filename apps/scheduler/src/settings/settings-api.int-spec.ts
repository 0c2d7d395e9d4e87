import { Job } from '@lib/models';
import { FAKE_NETBOX_V1_TOKEN, FakeNetboxServer, waitFor } from '@lib/testing';
import { ApiClient } from '../../test/api-client';
import { SchedulerHarness } from '../../test/scheduler-harness';
import { RulesChangeWatcher } from '../sync/rules-change-watcher.service';
import { SettingsApiService } from './settings-api.service';

jest.setTimeout(60_000);

const TOKEN = 'settings-test-token-0123456789';
const PSK = '0123456789abcdef0123456789abcdef';

/** The settings through the API, on real PostgreSQL and NATS, with a fake NetBox for the re-plan. */
describe(SettingsApiService.name, () => {
  let netbox: FakeNetboxServer;
  let harness: SchedulerHarness;
  let api: ApiClient;

  beforeAll(async () => {
    netbox = await FakeNetboxServer.start({ tokens: [FAKE_NETBOX_V1_TOKEN] });
    netbox.clearHosts();
    harness = await SchedulerHarness.start({
      API_TOKENS: `admin:rw:${TOKEN}`,
      NETBOX_URL: netbox.url,
      NETBOX_TOKEN: FAKE_NETBOX_V1_TOKEN,
      // Nothing listens here: the connection test must say so.
      ZABBIX_URL: 'http://127.0.0.1:9/api_jsonrpc.php',
      ZABBIX_TIMEOUT_MS: '2000',
    });
    api = await ApiClient.listen(harness, TOKEN);
    // The rules as they are at start, so that a change is a change.
    await harness.app.get(RulesChangeWatcher).check();
  });

  afterAll(async () => {
    await harness?.stop();
    await netbox?.close();
  });

  it('should show the settings with the plugin defaults, without secrets', async () => {
    const answer = await api.get('/api/settings');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(
      expect.objectContaining({
        name: 'default',
        deleteSetting: 'SOFT',
        graveyard: 'graveyard',
        graveyardSuffix: '_archived',
        maxDeletions: 3,
        zabbixImportInterval: 1440,
        tlsConnect: 'PSK',
        agentPort: 10050,
        snmpSecuritylevel: 'authPriv',
        tagNameFormatting: 'KEEP',
        tlsPskSet: false,
        snmpAuthpassphraseSet: true,
      }),
    );
    for (const secret of [
      'tlsPsk',
      'snmpAuthpassphrase',
      'snmpPrivpassphrase',
      'snmpCommunity',
      'rulesFingerprint',
    ])
      expect(answer.body).not.toHaveProperty(secret);
  });

  it('should change fields, take secrets write-only, and re-plan when a change shapes hosts', async () => {
    const answer = await api.patch('/api/settings', {
      deleteSetting: 'HARD',
      tagPrefix: 'nb_',
      statusPolicy: { offline: 'disable' },
      tlsPsk: PSK,
      snmpAuthpassphrase: 'auth-secret-value',
    });

    expect(answer.status).toBe(200);
    const settings = answer.body.settings as Record<string, unknown>;
    expect(settings).toEqual(
      expect.objectContaining({
        deleteSetting: 'HARD',
        tagPrefix: 'nb_',
        statusPolicy: { offline: 'disable' },
        tlsPskSet: true,
      }),
    );
    expect(answer.text).not.toContain(PSK);
    expect(answer.text).not.toContain('auth-secret-value');
    expect((await api.get('/api/settings')).text).not.toContain(PSK);
    const [row] = await harness.dataSource.query<
      { delete_setting: string; tls_psk: string; snmp_authpassphrase: string }[]
    >(`SELECT delete_setting, tls_psk, snmp_authpassphrase FROM settings WHERE name = 'default'`);
    expect(row?.delete_setting).toBe('HARD');
    // Stored sealed, as every secret column is (SECRETS_KEY).
    expect(row?.tls_psk).not.toContain(PSK);
    expect(row?.snmp_authpassphrase).not.toContain('auth-secret-value');
    const replan = await harness.dataSource
      .getRepository(Job)
      .findOneByOrFail({ id: String(answer.body.replanJobId) });
    expect(replan).toEqual(expect.objectContaining({ kind: 'SyncHostsNow', trigger: 'settings' }));
    await waitFor(async () => {
      const job = await harness.dataSource.getRepository(Job).findOneBy({ id: replan.id });
      return job?.status === 'completed' ? job : undefined;
    }, 'the re-plan finished');
  });

  it('should not re-plan for a setting that does not shape hosts', async () => {
    const answer = await api.patch('/api/settings', { maxSuccessNotifications: 5 });

    expect(answer.status).toBe(200);
    expect(answer.body.replanJobId).toBeNull();
  });

  it('should name each bad field in a 400 and change nothing', async () => {
    const answer = await api.patch('/api/settings', {
      deleteSetting: 'SOMETIMES',
      agentPort: 70000,
      zabbixImportInterval: 7,
      tlsPsk: 'not-hex',
      statusPolicy: { offline: 'explode' },
      duplicateNamePattern: '{name}-copy',
      rulesFingerprint: 'x',
    });

    expect(answer.status).toBe(400);
    expect(answer.body.fields).toEqual(
      expect.arrayContaining([
        'deleteSetting',
        'agentPort',
        'zabbixImportInterval',
        'tlsPsk',
        'statusPolicy',
        'duplicateNamePattern',
        'rulesFingerprint',
      ]),
    );
    expect((await api.get('/api/settings')).body.deleteSetting).toBe('HARD');
  });

  it('should clear a secret with null', async () => {
    const answer = await api.patch('/api/settings', { tlsPsk: null });

    expect((answer.body.settings as Record<string, unknown>).tlsPskSet).toBe(false);
  });

  it('should report an unreachable Zabbix and record the check', async () => {
    const answer = await api.post('/api/settings/zabbix-connection/test');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(
      expect.objectContaining({ reachable: false, authenticated: false, version: null, latencyMs: null }),
    );
    expect(answer.body.error).toEqual(expect.any(String));
    const settings = (await api.get('/api/settings')).body;
    expect(settings.connection).toBe(false);
    expect(settings.lastCheckedAt).toBe(answer.body.lastCheckedAt);
  });
});
