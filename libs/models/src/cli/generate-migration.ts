import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { pendingSchemaLog, runMigrations } from '../database-setup';

/**
 * `npm run migration:generate -- <PascalName>`: applies the existing migrations to a scratch database,
 * asks TypeORM what the entities still need and writes that as a new migration. Review it, then add it to
 * migrations/index.ts.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name))
    throw new Error('usage: generate-migration <PascalCaseName>');
  const admin = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = `nzb_migration_${Date.now()}`;
  const url = new URL(admin);
  url.pathname = `/${scratch}`;
  await adminQuery(admin, `CREATE DATABASE "${scratch}"`);
  try {
    await runMigrations(url.toString());
    const { up, down } = await pendingSchemaLog(url.toString());
    if (up.length === 0) {
      process.stdout.write('entities and migrations agree: nothing to generate\n');
      return;
    }
    const timestamp = Date.now();
    const file = join(
      __dirname,
      '..',
      '..',
      '..',
      '..',
      '..',
      'libs',
      'models',
      'src',
      'migrations',
      `${timestamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.ts`,
    );
    const statements = (queries: string[]): string =>
      queries
        .map(
          (query) => `    await queryRunner.query(\`${query.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\`);`,
        )
        .join('\n');
    writeFileSync(
      file,
      `import { type MigrationInterface, type QueryRunner } from 'typeorm';\n\n` +
        `export class ${name}${timestamp} implements MigrationInterface {\n  name = '${name}${timestamp}';\n\n` +
        `  public async up(queryRunner: QueryRunner): Promise<void> {\n${statements(up)}\n  }\n\n` +
        `  public async down(queryRunner: QueryRunner): Promise<void> {\n${statements(down)}\n  }\n}\n`,
    );
    process.stdout.write(`wrote ${file}\n`);
  } finally {
    await adminQuery(admin, `DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
