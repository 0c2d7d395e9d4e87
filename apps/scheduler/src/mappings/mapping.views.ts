import { ApiProperty } from '@nestjs/swagger';

/** A host group, template, proxy or proxy group a mapping names. */
export class NamedReference {
  @ApiProperty()
  id!: number;

  @ApiProperty()
  name!: string;
}

/** A device or VM mapping as the API shows it. */
export class HostMappingView {
  @ApiProperty()
  id!: number;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ description: 'the mapping that takes what no other matches (created on first start)' })
  isDefault!: boolean;

  @ApiProperty({ type: [NamedReference] })
  hostGroups!: NamedReference[];

  @ApiProperty({ type: [NamedReference] })
  templates!: NamedReference[];

  @ApiProperty({ type: NamedReference, nullable: true })
  proxy!: NamedReference | null;

  @ApiProperty({ type: NamedReference, nullable: true })
  proxyGroup!: NamedReference | null;

  @ApiProperty({ enum: [0, 1, 2] })
  interfaceType!: number;

  @ApiProperty({ type: [Number] })
  sites!: number[];

  @ApiProperty({ type: [Number] })
  roles!: number[];

  @ApiProperty({ type: [Number] })
  platforms!: number[];
}

export class HostMappingPage {
  @ApiProperty({ type: [HostMappingView] })
  items!: HostMappingView[];

  @ApiProperty()
  total!: number;

  @ApiProperty()
  limit!: number;

  @ApiProperty()
  offset!: number;
}

/** A create, update or delete of a mapping, and the re-plan of the hosts it affects (if one started). */
export class HostMappingChanged {
  @ApiProperty({ type: HostMappingView })
  mapping!: HostMappingView;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the SyncHostsNow job re-planning hosts',
  })
  replanJobId!: string | null;
}

/** A tag mapping: `[["Site", "site.name"], ["NetBox tag", "tags"]]` (tag name, NetBox field path). */
export class TagMappingView {
  @ApiProperty()
  id!: number;

  @ApiProperty({ enum: ['device', 'virtualmachine'] })
  objectType!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 },
    example: [
      ['Site', 'site.name'],
      ['NetBox tag', 'tags'],
    ],
  })
  selection!: [string, string][];
}

/** An inventory mapping: `[["Platform", "os", ["platform.name"]]]` (name, Zabbix inventory field, paths). */
export class InventoryMappingView {
  @ApiProperty()
  id!: number;

  @ApiProperty({ enum: ['device', 'virtualmachine'] })
  objectType!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: {} },
    example: [['Location', 'location', ['location.name', 'site.name']]],
  })
  selection!: [string, string, string[]][];
}

export class TagMappingPage {
  @ApiProperty({ type: [TagMappingView] })
  items!: TagMappingView[];

  @ApiProperty()
  total!: number;

  @ApiProperty()
  limit!: number;

  @ApiProperty()
  offset!: number;
}

export class InventoryMappingPage {
  @ApiProperty({ type: [InventoryMappingView] })
  items!: InventoryMappingView[];

  @ApiProperty()
  total!: number;

  @ApiProperty()
  limit!: number;

  @ApiProperty()
  offset!: number;
}

export class TagMappingChanged {
  @ApiProperty({ type: TagMappingView })
  mapping!: TagMappingView;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  replanJobId!: string | null;
}

export class InventoryMappingChanged {
  @ApiProperty({ type: InventoryMappingView })
  mapping!: InventoryMappingView;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  replanJobId!: string | null;
}
