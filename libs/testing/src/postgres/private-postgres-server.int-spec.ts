import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { TestDatabase } from '../database';
import { PrivatePostgresServer } from './private-postgres-server';

jest.setTimeout(180_000);

describe(PrivatePostgresServer.name, () => {
  let server: PrivatePostgresServer;
  let database: TestDatabase;

  beforeAll(async () => {
    server = await PrivatePostgresServer.start();
    database = new TestDatabase(server.adminUrl);
    await database.create();
  });

  afterAll(async () => {
    await server?.dispose();
  });

  async function query<T>(sql: string): Promise<T[]> {
    const client = new Client({ connectionString: database.url, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }

  it('should serve a database of its own on its port, apart from the shared server', async () => {
    expect(server.port).not.toBe(5432);
    expect(database.url).toContain(`127.0.0.1:${server.port}/nzbt_`);

    await query('CREATE TABLE kept (value text)');
    await query("INSERT INTO kept VALUES ('before the outage')");

    expect(await query<{ value: string }>('SELECT value FROM kept')).toEqual([
      { value: 'before the outage' },
    ]);
  });

  it.each(['immediate', 'fast'] as const)(
    'should refuse connections after a %s stop, and serve the same data on the same port after start',
    async (mode) => {
      const held = new Client({ connectionString: database.url });
      await held.connect();
      // A fast stop sends "terminating connection due to administrator command" before closing: two errors.
      const cut = new Promise<Error>((resolve) => held.on('error', resolve));

      await server.stop(mode);

      expect(server.isRunning).toBe(false);
      expect((await cut).message).toMatch(/terminat|connection/i);
      await expect(query('SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
      await server.start();
      expect(await query<{ value: string }>('SELECT value FROM kept')).toEqual([
        { value: 'before the outage' },
      ]);
      await held.end().catch(() => undefined);
    },
  );

  it('should delete its cluster on dispose', async () => {
    const other = await PrivatePostgresServer.start();

    await other.dispose();

    expect(existsSync(other.dataDirectory)).toBe(false);
    expect(other.isRunning).toBe(false);
  });
});
