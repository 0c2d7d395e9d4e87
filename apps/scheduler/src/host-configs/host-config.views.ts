import { ApiProperty } from '@nestjs/swagger';
import { NETBOX_HOST_OBJECT_TYPES } from '@lib/models';
import { NamedReference } from '../mappings/mapping.views';

/** A host config in a list: what it is, where it stands with Zabbix, what happens to it. */
export class HostConfigSummary {
  @ApiProperty()
  id!: number;

  @ApiProperty({ description: 'Zabbix technical name' })
  name!: string;

  @ApiProperty({ example: 'dcim.device:42' })
  hostKey!: string;

  @ApiProperty({ enum: NETBOX_HOST_OBJECT_TYPES })
  objectType!: string;

  @ApiProperty()
  objectId!: number;

  @ApiProperty({ type: String, nullable: true, description: 'Zabbix host id; null: not in Zabbix' })
  hostid!: string | null;

  @ApiProperty({ enum: [0, 1], description: '0 enabled, 1 disabled' })
  status!: number;

  @ApiProperty({ description: 'matched Zabbix at its last check or write' })
  inSync!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastSyncUpdate!: Date | null;

  @ApiProperty({
    type: [String],
    nullable: true,
    description:
      'what differed from Zabbix when last checked (`interfaces`, `templates`, … `missing`); [] matched; null never checked',
  })
  syncDifference!: string[] | null;

  @ApiProperty({ type: String, nullable: true })
  lastError!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'who holds the NetBox name in Zabbix, when taken',
  })
  nameCollision!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the job pending or running' })
  activeJobId!: string | null;

  @ApiProperty()
  desiredRevision!: number;

  @ApiProperty()
  appliedRevision!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  removalRequestedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
}

export class HostConfigPage {
  @ApiProperty({ type: [HostConfigSummary] })
  items!: HostConfigSummary[];

  @ApiProperty()
  total!: number;

  @ApiProperty()
  limit!: number;

  @ApiProperty()
  offset!: number;
}

/** One host config with everything it refers to, the desired state (without secrets) and its difference. */
export class HostConfigDetail extends HostConfigSummary {
  @ApiProperty()
  description!: string;

  @ApiProperty({ enum: [0, 1, 2], description: '0 Zabbix server, 1 proxy, 2 proxy group' })
  monitoredBy!: number;

  @ApiProperty({ type: [NamedReference] })
  hostGroups!: NamedReference[];

  @ApiProperty({ type: [NamedReference] })
  templates!: NamedReference[];

  @ApiProperty({ type: NamedReference, nullable: true })
  proxy!: NamedReference | null;

  @ApiProperty({ type: NamedReference, nullable: true })
  proxyGroup!: NamedReference | null;

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'agent interfaces' })
  agentInterfaces!: Record<string, unknown>[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'SNMP interfaces, without community and passphrases',
  })
  snmpInterfaces!: Record<string, unknown>[];

  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'the host as the bridge wants it in Zabbix (PSK, SNMP community and passphrases left out)',
  })
  desiredState!: Record<string, unknown> | null;

  @ApiProperty({ type: Number, nullable: true })
  siteId!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  roleId!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  platformId!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  clusterId!: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastChangeAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  lastCorrelationId!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;
}

/** The answer of a host config create, delete or action: the job that does it in Zabbix. */
export class HostJobStarted {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'the job writing Zabbix (GET /api/jobs/:id); null while the settle window holds it back or when nothing was left to do',
  })
  jobId!: string | null;

  @ApiProperty({
    type: HostConfigSummary,
    nullable: true,
    description: 'the host config after the request (null: gone)',
  })
  hostConfig!: HostConfigSummary | null;
}
