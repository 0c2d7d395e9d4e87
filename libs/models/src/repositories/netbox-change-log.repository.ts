import { type EntityManager } from 'typeorm';
import { NetboxChangeLogCursor } from '../entities/netbox-change-log-cursor.entity';

const CURSOR_ID = 1;

/** A webhook as the change log poll compares it with a change. */
export interface WebhookSighting {
  readonly objectType: string;
  readonly objectId: number;
  readonly eventAt: Date;
  readonly requestId: string | null;
}

/** The change log cursor (one row) and the newest webhook seen per NetBox object. */
export class NetboxChangeLogRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The cursor, created empty (never polled) when missing. */
  async cursor(): Promise<NetboxChangeLogCursor> {
    await this.ensureCursor();
    return this.manager.getRepository(NetboxChangeLogCursor).findOneByOrFail({ id: CURSOR_ID });
  }

  /**
   * Inside a transaction: the cursor row locked for this transaction, or null when another scheduler holds
   * it (`SKIP LOCKED`): that one is deciding about a poll right now.
   */
  async lockCursor(): Promise<NetboxChangeLogCursor | null> {
    await this.ensureCursor();
    return this.manager
      .getRepository(NetboxChangeLogCursor)
      .createQueryBuilder('cursor')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where('cursor.id = :id', { id: CURSOR_ID })
      .getOne();
  }

  async saveCursor(
    patch: Partial<
      Pick<
        NetboxChangeLogCursor,
        'lastChangeId' | 'lastChangeTime' | 'apiPath' | 'lastPollAt' | 'missedPollsInARow'
      >
    >,
  ): Promise<void> {
    await this.ensureCursor();
    await this.manager.getRepository(NetboxChangeLogCursor).update({ id: CURSOR_ID }, patch);
  }

  /**
   * Records the webhooks of a batch in one statement, keeping the newest per object (by NetBox's event time)
   * among them and against what was recorded before.
   */
  async recordWebhooks(sightings: readonly WebhookSighting[], receivedAt: Date): Promise<void> {
    if (sightings.length === 0) return;
    await this.manager.query(
      `INSERT INTO "netbox_webhook_seen" ("object_type", "object_id", "event_at", "request_id", "received_at")
       SELECT DISTINCT ON ("object_type", "object_id") "object_type", "object_id", "event_at", "request_id", $5
         FROM unnest($1::varchar[], $2::int[], $3::timestamptz[], $4::varchar[])
           AS "seen" ("object_type", "object_id", "event_at", "request_id")
        ORDER BY "object_type", "object_id", "event_at" DESC
       ON CONFLICT ("object_type", "object_id") DO UPDATE
         SET "event_at" = EXCLUDED."event_at", "request_id" = EXCLUDED."request_id", "received_at" = EXCLUDED."received_at"
         WHERE "netbox_webhook_seen"."event_at" <= EXCLUDED."event_at"`,
      [
        sightings.map((sighting) => sighting.objectType),
        sightings.map((sighting) => sighting.objectId),
        sightings.map((sighting) => sighting.eventAt),
        sightings.map((sighting) => sighting.requestId),
        receivedAt,
      ],
    );
  }

  /** The newest webhook seen for each of the objects (those never seen are absent). */
  async findWebhooks(
    objects: readonly { readonly objectType: string; readonly objectId: number }[],
  ): Promise<WebhookSighting[]> {
    if (objects.length === 0) return [];
    const rows = await this.manager.query<
      { object_type: string; object_id: number; event_at: Date; request_id: string | null }[]
    >(
      `SELECT "object_type", "object_id", "event_at", "request_id" FROM "netbox_webhook_seen"
       WHERE ("object_type", "object_id") IN (SELECT * FROM unnest($1::varchar[], $2::int[]))`,
      [objects.map((object) => object.objectType), objects.map((object) => object.objectId)],
    );
    return rows.map((row) => ({
      objectType: row.object_type,
      objectId: row.object_id,
      eventAt: row.event_at,
      requestId: row.request_id,
    }));
  }

  private async ensureCursor(): Promise<void> {
    await this.manager.query(
      `INSERT INTO "netbox_change_log_cursor" ("id") VALUES ($1) ON CONFLICT ("id") DO NOTHING`,
      [CURSOR_ID],
    );
  }
}
