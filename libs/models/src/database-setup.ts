import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { createDataSource } from './data-source';

/** Creates the database named in the URL when it does not exist (connecting to `postgres` to do so). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unsupported database name in DATABASE_URL: ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`).catch((error: unknown) => {
        // Another process created it at the same moment.
        if (!(error instanceof Error && /already exists/.test(error.message))) throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/** Applies pending migrations; returns their names. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  try {
    return await migrateWithLock(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** SQL that would bring the database in line with the entities, and back: empty when they agree. */
export async function pendingSchemaLog(url: string): Promise<{ up: string[]; down: string[] }> {
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  try {
    const log = await dataSource.driver.createSchemaBuilder().log();
    return {
      up: log.upQueries.map((query) => query.query),
      down: log.downQueries.map((query) => query.query).reverse(),
    };
  } finally {
    await dataSource.destroy();
  }
}

/** SQL that would bring the database in line with the entities: empty when migrations and entities agree. */
export async function pendingSchemaChanges(url: string): Promise<string[]> {
  return (await pendingSchemaLog(url)).up;
}

const MIGRATION_LOCK = 4_242_017;

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so scheduler replicas starting together
 * take turns instead of racing. Returns the names applied.
 */
export async function migrateWithLock(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
