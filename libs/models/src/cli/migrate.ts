import { loadConfig, loadSecretBox, DatabaseConfig } from '@lib/config';
import { ensureDatabase, runMigrations } from '../database-setup';
import { useSecretsAtRest } from '../secrets-at-rest';

/** `node dist/libs/models/src/cli/migrate.js`: creates the database if needed and applies pending migrations. */
async function main(): Promise<void> {
  const config = loadConfig(DatabaseConfig, process.env);
  // With a key, secrets stored in clear are sealed by the migration; without, the scheduler seals them.
  if (config.SECRETS_KEY || config.SECRETS_KEY_FILE) useSecretsAtRest(loadSecretBox(config));
  await ensureDatabase(config.DATABASE_URL);
  const applied = await runMigrations(config.DATABASE_URL);
  process.stdout.write(
    applied.length ? `applied: ${applied.join(', ')}\n` : 'database schema is up to date\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
