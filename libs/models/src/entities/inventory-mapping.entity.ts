import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type MappingObjectType } from './tag-mapping.entity';

/** `[["Platform", "os", ["platform.name"]], …]`: display name, Zabbix inventory field, paths by preference. */
@Entity('inventory_mapping')
export class InventoryMapping {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 20, unique: true })
  objectType!: MappingObjectType;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  selection!: [string, string, string[]][];
}
