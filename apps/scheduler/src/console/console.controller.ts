import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation } from '@nestjs/swagger';
import { ManagementApi } from '../api/management-api.decorator';
import { BusMonitorService } from './bus-monitor.service';
import { type BusPage } from './domain/bus-snapshot';
import { HostComparisonService, type HostComparison } from './host-comparison.service';

/**
 * What the operator console reads beyond the management API's resources: the bus page (NATS's monitoring
 * endpoint, which a browser cannot reach) and one host side by side with Zabbix. Same token as /api.
 */
@ManagementApi('console')
@Controller('api/console')
export class ConsoleController {
  constructor(
    private readonly bus: BusMonitorService,
    private readonly comparisons: HostComparisonService,
  ) {}

  /** Streams and consumers (pending, ack pending, redelivered), dead letters, connected clients. */
  @Get('bus')
  @ApiOperation({
    summary: "NATS as the console's bus page shows it",
    description:
      'Read from NATS_MONITOR_URL (/jsz?consumers=true, /connz): streams with their consumers (pending, ack ' +
      'pending, redelivered), the dead-letter stream count, connected clients by name; or `available: false` ' +
      'with the reason and how to enable the monitoring port.',
  })
  busPage(): Promise<BusPage> {
    return this.bus.page();
  }

  /** The desired state beside the Zabbix host, field by field; 404 unknown host config. */
  @Get('host-configs/:id/comparison')
  @ApiOperation({
    summary: 'One host config beside its Zabbix host, field by field',
    description:
      'The Zabbix host is read now (by its id, else its netbox-object tag); secrets are never shown.',
  })
  @ApiNotFoundResponse({ description: 'no such host config' })
  comparison(@Param('id', ParseIntPipe) id: number): Promise<HostComparison> {
    return this.comparisons.compare(id);
  }
}
