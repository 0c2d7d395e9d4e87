import { type EntityManager } from 'typeorm';
import { HostConfig } from '../entities/host-config.entity';
import { type NetboxHostObjectType } from '../entities/zabbix-objects';

/** Host configs, always read under a row lock when they are about to change. */
export class HostConfigRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The host config of a NetBox object, locked until the transaction ends; null when there is none. */
  async lockByObject(objectType: NetboxHostObjectType, objectId: number): Promise<HostConfig | null> {
    return this.manager
      .getRepository(HostConfig)
      .createQueryBuilder('host')
      .setLock('pessimistic_write')
      .where('host.objectType = :objectType AND host.objectId = :objectId', { objectType, objectId })
      .getOne();
  }

  async lockById(id: number): Promise<HostConfig | null> {
    return this.manager
      .getRepository(HostConfig)
      .createQueryBuilder('host')
      .setLock('pessimistic_write')
      .where('host.id = :id', { id })
      .getOne();
  }

  /** Creates the row for a NetBox object unless another transaction just did; then locks it. */
  async createAndLock(objectType: NetboxHostObjectType, objectId: number, name: string): Promise<HostConfig> {
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(HostConfig)
      .values({ objectType, objectId, name })
      .orIgnore()
      .execute();
    const locked = await this.lockByObject(objectType, objectId);
    if (!locked) throw new Error(`host config for ${objectType}:${objectId} vanished while being created`);
    return locked;
  }

  /** `name` if no other host config uses it, else `name-<objectId>`: Zabbix technical names are unique. */
  async uniqueName(name: string, objectType: NetboxHostObjectType, objectId: number): Promise<string> {
    const owner = await this.manager
      .getRepository(HostConfig)
      .findOne({ where: { name }, select: ['id', 'objectType', 'objectId'] });
    if (!owner || (owner.objectType === objectType && owner.objectId === objectId)) return name;
    return `${name.slice(0, 120)}-${objectId}`;
  }

  async save(hostConfig: HostConfig): Promise<HostConfig> {
    return this.manager.getRepository(HostConfig).save(hostConfig);
  }

  async remove(hostConfig: HostConfig): Promise<void> {
    await this.manager.getRepository(HostConfig).delete({ id: hostConfig.id });
  }
}
