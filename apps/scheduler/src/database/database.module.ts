import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadSecretBox } from '@lib/config';
import {
  createDataSource,
  ensureDatabase,
  migrateWithLock,
  resealSecretsAtRest,
  useSecretsAtRest,
} from '@lib/models';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * The scheduler's PostgreSQL: created if missing, migrated (under an advisory lock) before anything runs.
 * Secrets are sealed at rest with the secrets key (required; checked here, at boot); values stored in clear
 * or sealed with an earlier key are sealed with the current one.
 */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [SCHEDULER_CONFIG],
      useFactory: async (config: SchedulerSettingsConfig): Promise<DataSource> => {
        const logger = new Logger('Database');
        const secretBox = loadSecretBox(config);
        useSecretsAtRest(secretBox);
        await ensureDatabase(config.DATABASE_URL);
        const dataSource = createDataSource(config.DATABASE_URL);
        await dataSource.initialize();
        const applied = await migrateWithLock(dataSource);
        logger.log(
          applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date',
        );
        const resealed = await resealSecretsAtRest((sql, parameters) => dataSource.query(sql, parameters));
        if (resealed > 0) logger.log(`sealed ${resealed} stored secrets with key ${secretBox.currentKeyId}`);
        return dataSource;
      },
    },
    DatabaseLifecycle,
  ],
  exports: [DataSource],
})
export class DatabaseModule {}
