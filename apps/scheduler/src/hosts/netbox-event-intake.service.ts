import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type NetboxEventPayload } from '@lib/contracts';
import { type HandlerContext } from '@lib/messaging';
import {
  HostConfigRepository,
  NETBOX_HOST_OBJECT_TYPES,
  NetboxChangeLogRepository,
  type NetboxHostObjectType,
  type WebhookSighting,
} from '@lib/models';
import { Batcher } from '../jobs/batcher';
import { type JobOrigin } from '../jobs/job-factory';
import { NetboxStateService, type CurrentState } from '../netbox/netbox-state.service';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { triggersFor } from './domain/event-routing';
import { HostSyncService, type ConvergeItem } from './host-sync.service';

/** Hosts a fan-out plans in one transaction (and between two signs of life to JetStream). */
const REEVALUATE_BATCH = 200;

/**
 * Takes NetBox events: works out which devices and VMs each one affects (event-routing), and hands their
 * current state to HostSyncService to plan. Events are triggers: with NETBOX_URL set the affected devices
 * and VMs are re-read from NetBox, so every change that matters (IPs, interfaces, sites, roles, platforms,
 * clusters, tags, custom fields) converges on NetBox's current state. Single-object changes from concurrent
 * events are planned together (Batcher); a fan-out (a renamed site) is planned in batches.
 */
@Injectable()
export class NetboxEventIntake {
  private readonly logger = new Logger(NetboxEventIntake.name);
  private readonly batcher: Batcher<ConvergeItem>;
  /** The webhooks seen, recorded for the change log poll a batch of concurrent events at a time. */
  private readonly sightings: Batcher<WebhookSighting>;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly planner: HostSyncService,
    private readonly netbox: NetboxStateService,
    @Inject(SCHEDULER_CONFIG) config: SchedulerSettingsConfig,
  ) {
    this.batcher = new Batcher((items) => this.planner.convergeMany(items), config.PLAN_BATCH_SIZE);
    this.sightings = new Batcher(async (items) => {
      await new NetboxChangeLogRepository(this.dataSource.manager).recordWebhooks(items, new Date());
      return items.map(() => null);
    }, config.PLAN_BATCH_SIZE);
  }

  async onNetboxEvent(event: NetboxEventPayload, context: HandlerContext): Promise<void> {
    const origin: JobOrigin = { correlationId: context.correlationId, username: event.username };
    // The change log poll counts the changes no webhook brought by these (with NETBOX_URL only).
    if (this.netbox.enabled) await this.recordWebhook(event);
    const triggers = triggersFor(event);
    if (triggers.length === 0) {
      this.logger.debug(`${event.objectType} ${event.action} #${event.objectId}: affects no host, ignored`);
      return;
    }
    for (const trigger of triggers) {
      switch (trigger.kind) {
        case 'host':
          await this.onHostTrigger(trigger.objectType, trigger.objectId, trigger.removed, event, origin);
          break;
        case 'referencing':
          await this.reevaluate(
            await this.hosts().findObjectsReferencing(trigger.column, trigger.id),
            origin,
            context,
          );
          break;
        case 'everything':
          await this.reevaluate(await this.hosts().listObjects(), origin, context);
          break;
      }
    }
  }

  private async onHostTrigger(
    objectType: NetboxHostObjectType,
    objectId: number,
    removed: boolean,
    event: NetboxEventPayload,
    origin: JobOrigin,
  ): Promise<void> {
    if (removed) return this.converge(objectType, objectId, { found: false }, origin);
    if (this.netbox.enabled)
      return this.converge(objectType, objectId, await this.netbox.current(objectType, objectId), origin);
    if (event.objectType === objectType && event.objectId === objectId && event.data !== null) {
      return this.converge(objectType, objectId, { found: true, data: event.data }, origin);
    }
    this.logger.warn(
      `${objectType}:${objectId}: changed by ${event.objectType} #${event.objectId}, but NETBOX_URL is not set to re-read it [corr=${origin.correlationId}]`,
    );
  }

  /** Re-reads the given hosts from NetBox in batches and converges each on what NetBox holds now. */
  private async reevaluate(
    targets: readonly { objectType: NetboxHostObjectType; objectId: number }[],
    origin: JobOrigin,
    context: HandlerContext,
  ): Promise<void> {
    if (targets.length === 0) return;
    if (!this.netbox.enabled) {
      this.logger.warn(
        `${targets.length} host(s) affected, but NETBOX_URL is not set to re-read them [corr=${origin.correlationId}]`,
      );
      return;
    }
    this.logger.log(`re-evaluating ${targets.length} host(s) [corr=${origin.correlationId}]`);
    for (const objectType of NETBOX_HOST_OBJECT_TYPES) {
      const ids = targets
        .filter((target) => target.objectType === objectType)
        .map((target) => target.objectId);
      const current = await this.netbox.currentMany(objectType, ids);
      for (let start = 0; start < ids.length; start += REEVALUATE_BATCH) {
        context.working();
        const items = ids.slice(start, start + REEVALUATE_BATCH).map((objectId): ConvergeItem => {
          const data = current.get(objectId);
          return { objectType, objectId, state: data ? { found: true, data } : { found: false }, origin };
        });
        const failed = (await this.planner.convergeMany(items)).filter((error) => error !== null);
        for (const error of failed) this.logger.error(`${error.message} [corr=${origin.correlationId}]`);
      }
    }
  }

  /** One object's state (as NetBox has it now, or gone) → desired host → host config → job. */
  private async converge(
    objectType: NetboxHostObjectType,
    objectId: number,
    state: CurrentState,
    origin: JobOrigin,
  ): Promise<void> {
    await this.batcher.submit({ objectType, objectId, state, origin });
  }

  private async recordWebhook(event: NetboxEventPayload): Promise<void> {
    await this.sightings.submit({
      objectType: event.objectType,
      objectId: event.objectId,
      eventAt: new Date(event.timestamp),
      requestId: event.requestId,
    });
  }

  private hosts(): HostConfigRepository {
    return new HostConfigRepository(this.dataSource.manager);
  }
}
