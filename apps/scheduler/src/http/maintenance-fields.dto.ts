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

const MAX_TARGETS = 10_000;

/** The fields a maintenance create and update share; every target is a list of ids. */
export abstract class MaintenanceFieldsDto {
  /** ISO 8601; a create without one starts now. */
  @IsOptional()
  @IsISO8601({ strict: true })
  startTime?: string;

  @IsOptional()
  @IsBoolean()
  disableDataCollection?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  description?: string;

  /** Host config ids. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TARGETS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  hostConfigs?: number[];

  /** NetBox site ids. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TARGETS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  sites?: number[];

  /** NetBox cluster ids. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TARGETS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  clusters?: number[];

  /** Host group ids (the bridge's `host_group` rows). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TARGETS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  hostGroups?: number[];

  /** Proxy ids (the bridge's `proxy` rows). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TARGETS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  proxies?: number[];

  /** Proxy group ids (the bridge's `proxy_group` rows). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TARGETS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  proxyGroups?: number[];
}
