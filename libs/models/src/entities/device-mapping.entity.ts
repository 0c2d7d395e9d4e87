import { Entity, Index } from 'typeorm';
import { MappingBase } from './mapping.base';

@Entity('device_mapping')
@Index('device_mapping_one_default', ['isDefault'], { unique: true, where: '"is_default"' })
export class DeviceMapping extends MappingBase {}
