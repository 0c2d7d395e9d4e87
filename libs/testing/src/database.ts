import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A throw-away database per test suite: `create()` returns its URL, `drop()` removes it. On the shared server
 * (TEST_DATABASE_ADMIN_URL) unless given another server's admin URL (a PrivatePostgresServer's).
 */
export class TestDatabase {
  readonly name = `nzbt_${randomBytes(5).toString('hex')}`;

  constructor(private readonly adminUrl: string = ADMIN_URL) {}

  get url(): string {
    const url = new URL(this.adminUrl);
    url.pathname = `/${this.name}`;
    return url.toString();
  }

  async create(): Promise<string> {
    await this.admin(`CREATE DATABASE "${this.name}"`);
    return this.url;
  }

  async drop(): Promise<void> {
    await this.admin(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`);
  }

  private async admin(sql: string): Promise<void> {
    const client = new Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}
