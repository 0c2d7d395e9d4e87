import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { NETBOX_HOST_OBJECT_TYPES, type NetboxHostObjectType } from '@lib/models';
import { PageQuery } from '../http/page.query';

/** `true`/`false` in a query string as booleans; anything else stays as it is, for the validator to refuse. */
const QUERY_BOOLEAN = Transform(({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value,
);

/** Query of `GET /api/host-configs`. */
export class ListHostConfigsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'part of the Zabbix technical name, any case' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'matched Zabbix at its last check or write' })
  @IsOptional()
  @QUERY_BOOLEAN
  @IsBoolean()
  inSync?: boolean;

  @ApiPropertyOptional({ enum: [0, 1], description: 'Zabbix host status: 0 enabled, 1 disabled' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsIn([0, 1])
  status?: number;

  @ApiPropertyOptional({ enum: NETBOX_HOST_OBJECT_TYPES })
  @IsOptional()
  @IsIn(NETBOX_HOST_OBJECT_TYPES)
  objectType?: NetboxHostObjectType;

  @ApiPropertyOptional({ description: 'has a Zabbix host id' })
  @IsOptional()
  @QUERY_BOOLEAN
  @IsBoolean()
  inZabbix?: boolean;

  @ApiPropertyOptional({ description: 'its last job failed (lastError set)' })
  @IsOptional()
  @QUERY_BOOLEAN
  @IsBoolean()
  failed?: boolean;

  @ApiPropertyOptional({ description: 'a job is pending or running' })
  @IsOptional()
  @QUERY_BOOLEAN
  @IsBoolean()
  jobInFlight?: boolean;
}
