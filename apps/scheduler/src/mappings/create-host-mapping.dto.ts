import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

const MAX_IDS = 1_000;

/**
 * What a device or VM mapping says: which NetBox objects it takes (sites, roles, platforms as NetBox ids;
 * empty matches everything) and what their hosts get. Host groups, templates, proxy and proxy group are the
 * bridge's rows (ImportZabbixSettings fills them from Zabbix).
 */
export class CreateHostMappingDto {
  @ApiProperty({ minLength: 1, maxLength: 255 })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  name!: string;

  @ApiPropertyOptional({ default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  description?: string;

  @ApiProperty({ type: [Number], description: 'host group ids; at least one' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_IDS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  hostGroups!: number[];

  @ApiPropertyOptional({ type: [Number], description: 'template ids', default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_IDS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  templates?: number[];

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'proxy id' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsInt()
  @Min(1)
  proxy?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'proxy group id (not with a proxy)' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsInt()
  @Min(1)
  proxyGroup?: number | null;

  @ApiPropertyOptional({ enum: [0, 1, 2], default: 0, description: '0 any (agent), 1 agent, 2 SNMP' })
  @IsOptional()
  @IsIn([0, 1, 2])
  interfaceType?: 0 | 1 | 2;

  @ApiPropertyOptional({ type: [Number], description: 'NetBox site ids; empty: any', default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_IDS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  sites?: number[];

  @ApiPropertyOptional({ type: [Number], description: 'NetBox device role ids; empty: any', default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_IDS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  roles?: number[];

  @ApiPropertyOptional({ type: [Number], description: 'NetBox platform ids; empty: any', default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_IDS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  platforms?: number[];
}
