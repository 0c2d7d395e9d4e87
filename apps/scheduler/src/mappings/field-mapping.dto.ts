import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { MAPPING_OBJECT_TYPES, type MappingObjectType } from '@lib/models';
import { inventorySelectionProblems, tagSelectionProblems } from './domain/field-selection';
import { IsSelection } from './selection.validator';

/** Body of `POST /api/tag-mappings`: one per object type. */
export class CreateTagMappingDto {
  @ApiProperty({ enum: MAPPING_OBJECT_TYPES })
  @IsIn(MAPPING_OBJECT_TYPES)
  objectType!: MappingObjectType;

  @ApiProperty({
    description: '[tag name, NetBox field path] pairs; the path `tags` makes one tag per NetBox tag',
    example: [
      ['Site', 'site.name'],
      ['NetBox tag', 'tags'],
    ],
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
  })
  @IsSelection(tagSelectionProblems)
  selection!: [string, string][];
}

/** Body of `PATCH /api/tag-mappings/:id`. */
export class UpdateTagMappingDto {
  @ApiPropertyOptional({ type: 'array', items: { type: 'array', items: { type: 'string' } } })
  @IsOptional()
  @IsSelection(tagSelectionProblems)
  selection?: [string, string][];
}

/** Body of `POST /api/inventory-mappings`: one per object type. */
export class CreateInventoryMappingDto {
  @ApiProperty({ enum: MAPPING_OBJECT_TYPES })
  @IsIn(MAPPING_OBJECT_TYPES)
  objectType!: MappingObjectType;

  @ApiProperty({
    description: '[display name, Zabbix inventory field, [NetBox field paths by preference]]',
    example: [
      ['Platform', 'os', ['platform.name']],
      ['Location', 'location', ['location.name', 'site.name']],
    ],
    type: 'array',
    items: { type: 'array', items: {} },
  })
  @IsSelection(inventorySelectionProblems)
  selection!: [string, string, string[]][];
}

/** Body of `PATCH /api/inventory-mappings/:id`. */
export class UpdateInventoryMappingDto {
  @ApiPropertyOptional({ type: 'array', items: { type: 'array', items: {} } })
  @IsOptional()
  @IsSelection(inventorySelectionProblems)
  selection?: [string, string, string[]][];
}
