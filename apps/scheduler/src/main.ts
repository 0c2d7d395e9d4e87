import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, logLevels, SchedulerConfig } from '@lib/config';
import { SchedulerModule } from './scheduler.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig(SchedulerConfig, process.env);
  const app = await NestFactory.create(SchedulerModule.forRoot(config), {
    logger: logLevels(config.LOG_LEVEL),
  });
  app.enableShutdownHooks();
  await app.listen(config.SCHEDULER_PORT, config.SCHEDULER_HOST);
  new Logger('Scheduler').log(
    `management API on http://${config.SCHEDULER_HOST}:${config.SCHEDULER_PORT}/api`,
  );
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `scheduler failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
