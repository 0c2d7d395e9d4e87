import { ApiProperty } from '@nestjs/swagger';
import { MAINTENANCE_STATES, type MaintenanceState } from '../maintenance/domain/maintenance-status';
import { type MaintenanceAccepted, type MaintenancePage } from '../maintenance/maintenance.service';
import { type MaintenanceView } from '../maintenance/maintenance-view';

/** A maintenance as the API shows it. Checked against MaintenanceView. */
export class MaintenanceViewSchema implements MaintenanceView {
  @ApiProperty()
  id!: number;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ format: 'date-time' })
  startTime!: string;

  @ApiProperty({ format: 'date-time' })
  endTime!: string;

  @ApiProperty()
  disableDataCollection!: boolean;

  @ApiProperty({ type: [Number] })
  hostConfigs!: number[];

  @ApiProperty({ type: [Number] })
  sites!: number[];

  @ApiProperty({ type: [Number] })
  clusters!: number[];

  @ApiProperty({ type: [Number] })
  hostGroups!: number[];

  @ApiProperty({ type: [Number] })
  proxies!: number[];

  @ApiProperty({ type: [Number] })
  proxyGroups!: number[];

  @ApiProperty({ type: String, nullable: true })
  zabbixId!: string | null;

  @ApiProperty({ enum: MAINTENANCE_STATES })
  status!: MaintenanceState;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  lastJobId!: string | null;

  @ApiProperty({ description: 'its last job is pending or running: changes get 409' })
  jobInFlight!: boolean;

  @ApiProperty()
  deleteRequested!: boolean;
}

export class MaintenanceAcceptedSchema implements MaintenanceAccepted {
  @ApiProperty({ type: MaintenanceViewSchema })
  maintenance!: MaintenanceViewSchema;

  @ApiProperty({ format: 'uuid' })
  jobId!: string;
}

export class MaintenancePageSchema implements MaintenancePage {
  @ApiProperty({ type: [MaintenanceViewSchema] })
  items!: MaintenanceViewSchema[];

  @ApiProperty()
  total!: number;

  @ApiProperty()
  limit!: number;

  @ApiProperty()
  offset!: number;
}
