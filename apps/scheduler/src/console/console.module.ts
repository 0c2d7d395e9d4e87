import { Module } from '@nestjs/common';
import { SchedulerZabbixModule } from '../system-jobs/scheduler-zabbix.module';
import { BusMonitorService } from './bus-monitor.service';
import { ConsoleAssetsController } from './console-assets.controller';
import { ConsoleController } from './console.controller';
import { HostComparisonService } from './host-comparison.service';

/** The operator console: its page at /console, and what it reads beyond the API (bus, host comparison). */
@Module({
  imports: [SchedulerZabbixModule],
  controllers: [ConsoleAssetsController, ConsoleController],
  providers: [BusMonitorService, HostComparisonService],
})
export class ConsoleModule {}
