import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const MAPPING_OBJECT_TYPES = ['device', 'virtualmachine'] as const;
export type MappingObjectType = (typeof MAPPING_OBJECT_TYPES)[number];

/** Which NetBox fields become Zabbix tags: `[["Site", "site.name"], …]` (tag name, field path). */
@Entity('tag_mapping')
export class TagMapping {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 20, unique: true })
  objectType!: MappingObjectType;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  selection!: [string, string][];
}
