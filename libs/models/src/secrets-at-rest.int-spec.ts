import { type DataSource } from 'typeorm';
import { loadSecretBox, SecretBox } from '@lib/config';
import { TEST_SECRETS_KEY, TestDatabase } from '@lib/testing';
import { createDataSource } from './data-source';
import { migrateWithLock } from './database-setup';
import { resealSecretsAtRest, useSecretsAtRest } from './secrets-at-rest';

const PSK = 'feedfacefeedfacefeedfacefeedface';
const NEW_KEY = 'a'.repeat(64);

describe(resealSecretsAtRest.name, () => {
  const database = new TestDatabase();
  let dataSource: DataSource;
  const query = (sql: string, parameters?: unknown[]): Promise<unknown> => dataSource.query(sql, parameters);

  async function rawRows(): Promise<{ psk: string; state: string }> {
    const [settings] = await dataSource.query<{ tls_psk: string }[]>(`SELECT "tls_psk" FROM "settings"`);
    const [host] = await dataSource.query<{ state: string }[]>(
      `SELECT "desired_state"::text AS "state" FROM "host_config"`,
    );
    return { psk: settings?.tls_psk ?? '', state: host?.state ?? '' };
  }

  beforeAll(async () => {
    await database.create();
    dataSource = createDataSource(database.url);
    await dataSource.initialize();
    await migrateWithLock(dataSource);
    // Rows as an earlier version stored them: secrets in clear.
    await dataSource.query(`INSERT INTO "settings" ("name", "tls_psk") VALUES ('default', $1)`, [PSK]);
    await dataSource.query(
      `INSERT INTO "host_config" ("name", "object_type", "object_id", "desired_state") VALUES ('h1', 'dcim.device', 1, $1)`,
      [JSON.stringify({ host: 'h1', interfaces: [], tlsPsk: PSK })],
    );
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('should seal the secrets an earlier version stored in clear', async () => {
    const box = loadSecretBox({ SECRETS_KEY: TEST_SECRETS_KEY });
    useSecretsAtRest(box);
    expect(await resealSecretsAtRest(query)).toBe(5);
    const rows = await rawRows();
    expect(JSON.stringify(rows)).not.toContain(PSK);
    expect(SecretBox.keyIdOf(rows.psk)).toBe(box.currentKeyId);
    expect(rows.state).toContain(`"sealedSecrets": "enc:v1:${box.currentKeyId}:`);
    const [host] = await dataSource.query<{ id: number }[]>(`SELECT "id" FROM "host_config"`);
    const hostConfig = await dataSource.getRepository('HostConfig').findOneByOrFail({ id: host?.id });
    expect(hostConfig).toMatchObject({ desiredState: { host: 'h1', tlsPsk: PSK } });
  });

  it('should have nothing left to do when run again', async () => {
    expect(await resealSecretsAtRest(query)).toBe(0);
  });

  it('should re-seal everything with a new key that keeps the old one readable', async () => {
    const rotated = loadSecretBox({ SECRETS_KEY: NEW_KEY, SECRETS_PREVIOUS_KEYS: TEST_SECRETS_KEY });
    useSecretsAtRest(rotated);
    expect(await resealSecretsAtRest(query)).toBe(5);
    const rows = await rawRows();
    expect(SecretBox.keyIdOf(rows.psk)).toBe(rotated.currentKeyId);
    expect(rows.state).toContain(`"sealedSecrets": "enc:v1:${rotated.currentKeyId}:`);
    // The old key can go now: the new one alone opens every row.
    useSecretsAtRest(loadSecretBox({ SECRETS_KEY: NEW_KEY }));
    const hostConfig = await dataSource.getRepository('HostConfig').findOneByOrFail({ name: 'h1' });
    expect(hostConfig).toMatchObject({ desiredState: { tlsPsk: PSK } });
    useSecretsAtRest(loadSecretBox({ SECRETS_KEY: TEST_SECRETS_KEY }));
  });
});
