import { loadSecretBox } from '@lib/config';
import { jobSecretsContext, type HostUpsertJobPayload } from '@lib/contracts';
import { Settings } from '@lib/models';
import { loadNetboxFixture, TEST_SECRETS_KEY } from '@lib/testing';
import { SchedulerHarness } from '../../test/scheduler-harness';

jest.setTimeout(60_000);

const PSK = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const AUTH = 'nbzb-it-auth-passphrase';
const PRIV = 'nbzb-it-priv-passphrase';
const SECRETS = [PSK, AUTH, PRIV];

describe('Secrets in jobs and at rest', () => {
  let harness: SchedulerHarness;
  const template = loadNetboxFixture<{ data: Record<string, unknown> }>('webhook-device-updated.json').data;

  beforeAll(async () => {
    harness = await SchedulerHarness.start({ SETTINGS_CACHE_MS: '0' });
    await harness.dataSource
      .getRepository(Settings)
      .update(
        { name: 'default' },
        { tlsPskIdentity: 'nbzb-it', tlsPsk: PSK, snmpAuthpassphrase: AUTH, snmpPrivpassphrase: PRIV },
      );
    await harness.dataSource.query(`UPDATE "device_mapping" SET "interface_type" = 2 WHERE "is_default"`);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  function containsSecret(text: string): string[] {
    return SECRETS.filter((secret) => text.includes(secret));
  }

  it('should store the settings secrets sealed and read them back in clear', async () => {
    const [row] = await harness.dataSource.query<Record<string, string>[]>(
      `SELECT "tls_psk", "snmp_authpassphrase", "snmp_privpassphrase", "snmp_community" FROM "settings"`,
    );
    expect(containsSecret(JSON.stringify(row))).toEqual([]);
    // The community was left at its default, a Zabbix user macro (a reference, not a secret), sealed at the
    // next start.
    expect(row).toMatchObject({
      tls_psk: expect.stringMatching(/^enc:v1:/),
      snmp_authpassphrase: expect.stringMatching(/^enc:v1:/),
      snmp_privpassphrase: expect.stringMatching(/^enc:v1:/),
      snmp_community: expect.stringMatching(/^(enc:v1:|\{\$SNMP_COMMUNITY\}$)/),
    });
    const settings = await harness.dataSource
      .getRepository(Settings)
      .createQueryBuilder('settings')
      .addSelect(['settings.tlsPsk', 'settings.snmpAuthpassphrase'])
      .getOneOrFail();
    expect(settings).toMatchObject({ tlsPsk: PSK, snmpAuthpassphrase: AUTH });
    const plain = await harness.dataSource.getRepository(Settings).findOneByOrFail({ name: 'default' });
    expect(containsSecret(JSON.stringify(plain))).toEqual([]);
  });

  it('should send a job whose message and row carry the secrets only sealed, for that job alone', async () => {
    await harness.publishEvent('dcim.device', 7001, 'created', {
      ...template,
      id: 7001,
      name: 'nzbt-secret-7001',
      primary_ip4: { id: 70010, address: '192.0.2.71/24', dns_name: '', family: { value: 4, label: 'IPv4' } },
      last_updated: new Date().toISOString(),
    });
    const job = (await harness.nextJob()) as HostUpsertJobPayload;
    expect(containsSecret(JSON.stringify(job))).toEqual([]);
    expect(job.desired).toMatchObject({ tlsConnect: 2, tlsPskIdentity: 'nbzb-it' });
    expect(job.desired.interfaces[0]?.snmp).toMatchObject({ version: 3, securityName: '{$SNMPV3_USER}' });

    const box = loadSecretBox({ SECRETS_KEY: TEST_SECRETS_KEY });
    const secrets: unknown = JSON.parse(box.open(job.sealedSecrets ?? '', jobSecretsContext(job.jobId)));
    expect(secrets).toEqual({ tlsPsk: PSK, interfaces: [{ authPassphrase: AUTH, privPassphrase: PRIV }] });
    expect(() => box.open(job.sealedSecrets ?? '', jobSecretsContext('another-job'))).toThrow();

    const [jobRow] = await harness.dataSource.query<{ payload: string }[]>(
      `SELECT "payload"::text AS "payload" FROM "job" WHERE "id" = $1`,
      [job.jobId],
    );
    expect(jobRow?.payload).toContain('sealedSecrets');
    expect(containsSecret(jobRow?.payload ?? '')).toEqual([]);
  });

  it('should keep the host config desired state sealed in its row and whole in memory', async () => {
    const [row] = await harness.dataSource.query<{ state: string }[]>(
      `SELECT "desired_state"::text AS "state" FROM "host_config" WHERE "object_id" = 7001`,
    );
    expect(row?.state).toContain('"sealedSecrets": "enc:v1:');
    expect(containsSecret(row?.state ?? '')).toEqual([]);
    const hostConfig = await harness.hostConfig('dcim.device', 7001);
    expect(hostConfig?.desiredState?.tlsPsk).toBe(PSK);
    expect(hostConfig?.desiredState?.interfaces[0]?.snmp?.privPassphrase).toBe(PRIV);
  });

  it('should send nothing for a repeated event: the sealed state compares equal', async () => {
    await harness.publishEvent('dcim.device', 7001, 'updated', {
      ...template,
      id: 7001,
      name: 'nzbt-secret-7001',
      primary_ip4: { id: 70010, address: '192.0.2.71/24', dns_name: '', family: { value: 4, label: 'IPv4' } },
      last_updated: new Date().toISOString(),
    });
    expect(await harness.noJobWithin(1_500)).toBe(true);
  });
});
