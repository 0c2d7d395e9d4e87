import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  MaxLength,
  Min,
} from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';

const MAX_TARGETS = 10_000;

/** The fields a maintenance create and update share; every target is a list of ids. */
export abstract class MaintenanceFieldsDto {
  /** ISO 8601; a create without one starts now. */
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startTime?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disableDataCollection?: boolean;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  description?: string;

  /** Host config ids. */
  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TARGETS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  hostConfigs?: number[];

  /** NetBox site ids. */
  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TARGETS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  sites?: number[];

  /** NetBox cluster ids. */
  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TARGETS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  clusters?: number[];

  /** Host group ids (the bridge's `host_group` rows). */
  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TARGETS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  hostGroups?: number[];

  /** Proxy ids (the bridge's `proxy` rows). */
  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TARGETS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  proxies?: number[];

  /** Proxy group ids (the bridge's `proxy_group` rows). */
  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TARGETS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  proxyGroups?: number[];
}
