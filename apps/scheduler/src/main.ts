import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig, SchedulerConfig } from '@lib/config';
import { createSchedulerApp } from './scheduler-app.factory';

async function bootstrap(): Promise<void> {
  const config = loadConfig(SchedulerConfig, process.env);
  const app = await createSchedulerApp(config);
  // SIGTERM: stop pulling, finish the messages in hand (bounded), then close NATS and the database.
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
