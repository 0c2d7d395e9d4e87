import { Entity, Index } from 'typeorm';
import { MappingBase } from './mapping.base';

@Entity('vm_mapping')
@Index('vm_mapping_one_default', ['isDefault'], { unique: true, where: '"is_default"' })
export class VmMapping extends MappingBase {}
