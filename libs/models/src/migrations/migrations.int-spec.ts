import { TestDatabase } from '@lib/testing';
import { createDataSource } from '../data-source';
import { pendingSchemaChanges, runMigrations } from '../database-setup';
import { MIGRATIONS } from './index';

describe('migrations', () => {
  const database = new TestDatabase();

  beforeAll(async () => {
    await database.create();
  });

  afterAll(async () => {
    await database.drop();
  });

  it('should apply every migration to an empty database', async () => {
    const applied = await runMigrations(database.url);
    expect(applied.length).toBeGreaterThan(0);
  });

  it('should leave no difference between entities and migrations', async () => {
    expect(await pendingSchemaChanges(database.url)).toEqual([]);
  });

  it('should be a no-op when run again', async () => {
    expect(await runMigrations(database.url)).toEqual([]);
  });

  it('should revert every migration cleanly', async () => {
    const dataSource = createDataSource(database.url);
    await dataSource.initialize();
    try {
      for (let step = 0; step < MIGRATIONS.length; step += 1) await dataSource.undoLastMigration();
      const tables = await dataSource.query<{ count: string }[]>(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'",
      );
      expect(Number(tables[0]?.count)).toBe(0);
    } finally {
      await dataSource.destroy();
    }
  });
});
