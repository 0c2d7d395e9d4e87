import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The newest NetBox webhook the scheduler received for each object (any type it follows), so the change
 * log poll can tell the changes webhooks brought from those they lost: a change is covered when an event for
 * its object came with the same request id, or fired at or after the change.
 */
@Entity('netbox_webhook_seen')
export class NetboxWebhookSeen {
  /** `app_label.model`: `dcim.device`, `dcim.site`, … */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  objectType!: string;

  @PrimaryColumn({ type: 'integer' })
  objectId!: number;

  /** When NetBox fired the newest event for the object (its `timestamp`). */
  @Column({ type: 'timestamptz' })
  eventAt!: Date;

  /** That event's NetBox request id. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  /** When the scheduler received it. */
  @Column({ type: 'timestamptz' })
  receivedAt!: Date;
}
