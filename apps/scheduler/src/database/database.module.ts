import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource, ensureDatabase, migrateWithLock } from '@lib/models';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** The scheduler's PostgreSQL: created if missing, migrated (under an advisory lock) before anything runs. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [SCHEDULER_CONFIG],
      useFactory: async (config: SchedulerSettingsConfig): Promise<DataSource> => {
        const logger = new Logger('Database');
        await ensureDatabase(config.DATABASE_URL);
        const dataSource = createDataSource(config.DATABASE_URL);
        await dataSource.initialize();
        const applied = await migrateWithLock(dataSource);
        logger.log(
          applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date',
        );
        return dataSource;
      },
    },
    DatabaseLifecycle,
  ],
  exports: [DataSource],
})
export class DatabaseModule {}
