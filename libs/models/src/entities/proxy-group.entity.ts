import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A Zabbix proxy group (Zabbix 7.0+). */
@Entity('proxy_group')
export class ProxyGroup {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 255, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  proxyGroupid!: string | null;

  @Column({ type: 'varchar', length: 255, default: '1m' })
  failoverDelay!: string;

  @Column({ type: 'smallint', default: 1 })
  minOnline!: number;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSynced!: Date | null;
}
