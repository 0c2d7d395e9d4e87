import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { type NetboxClient, type NetboxObjectChange } from '@lib/clients';
import {
  HostConfigRepository,
  NETBOX_HOST_OBJECT_TYPES,
  NetboxChangeLogRepository,
  type NetboxHostObjectType,
} from '@lib/models';
import { HostSyncService, type ConvergeItem } from '../hosts/host-sync.service';
import { type JobOrigin } from '../jobs/job-factory';
import { ChangeLogMetrics } from '../metrics/change-log.metrics';
import { NetboxStateService } from '../netbox/netbox-state.service';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { SystemJobLauncher } from '../system-jobs/system-job-launcher.service';
import {
  type SystemJobProgress,
  type SystemJobRequest,
  type SystemJobRunner,
} from '../system-jobs/system-job-runner';
import {
  broughtByWebhook,
  changeLogStep,
  FOLLOWED_OBJECT_TYPES,
  triggersForChange,
  type ChangePoint,
  type LoggedChange,
} from './domain/change-log-cursor';

/** Hosts planned in one transaction when a poll re-plans many. */
const REPLAN_BATCH = 200;

function pointOf(change: NetboxObjectChange | null): ChangePoint | null {
  return change ? { id: change.id, time: change.time } : null;
}

/**
 * NetboxChangeLogPoll: reads NetBox's change log after the stored cursor (the object types that can change a
 * host), and re-plans every object the changes touch exactly as their webhooks would have (re-read from
 * NetBox, planned; a host already converged makes no job, so changes webhooks already brought cost no Zabbix
 * write). The cursor then moves to the last change read. A first poll places the cursor at the newest change;
 * when the changes after the cursor are gone (retention) it starts a SyncHostsNow instead and says why.
 * The summary counts the changes no webhook had brought (also a metric; a warning when it happens in
 * consecutive polls). Changes younger than NETBOX_CHANGE_LOG_SETTLE_MS wait for the next poll, so a webhook
 * still on its way is not counted as lost.
 */
@Injectable()
export class NetboxChangeLogPollRunner implements SystemJobRunner {
  readonly kind = 'NetboxChangeLogPoll' as const;
  private readonly logger = new Logger(NetboxChangeLogPollRunner.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerSettingsConfig,
    private readonly netbox: NetboxStateService,
    private readonly planner: HostSyncService,
    private readonly metrics: ChangeLogMetrics,
    private readonly modules: ModuleRef,
  ) {}

  async run(request: SystemJobRequest, progress: SystemJobProgress): Promise<Record<string, unknown>> {
    if (!this.netbox.enabled) return { skipped: 'NETBOX_URL is not set: there is no change log to read' };
    const client = this.netbox.changeLog();
    const cursors = new NetboxChangeLogRepository(this.dataSource.manager);
    const cursor = await cursors.cursor();
    const apiPath = await client.objectChangesPath();
    const settledBefore = new Date(Date.now() - this.config.NETBOX_CHANGE_LOG_SETTLE_MS);
    const [oldest, newest, newestSettled] = await Promise.all([
      client.oldestObjectChange(),
      client.newestObjectChange(),
      client.newestObjectChange({ time_before: settledBefore.toISOString() }),
    ]);
    const step = changeLogStep({
      cursorId: cursor.lastChangeId,
      oldest: pointOf(oldest),
      newest: pointOf(newest),
      newestSettled: pointOf(newestSettled),
    });
    const from = cursor.lastChangeId;
    switch (step.kind) {
      case 'start':
        await this.moveCursor(cursors, step.to, apiPath);
        this.logger.log(
          `NetBox change log (${apiPath}): cursor placed at the newest change #${step.to?.id ?? 0} [corr=${request.correlationId}]`,
        );
        return { apiPath, started: true, cursorFrom: null, cursorTo: step.to?.id ?? 0, changesRead: 0 };
      case 'idle':
        await cursors.saveCursor({ apiPath, missedPollsInARow: 0 });
        return {
          apiPath,
          cursorFrom: from,
          cursorTo: from,
          changesRead: 0,
          objectsReplanned: 0,
          changesWithoutWebhook: 0,
        };
      case 'resync': {
        const syncJobId = await this.startSync(request);
        this.logger.warn(
          `${step.reason}: ${syncJobId ? `SyncHostsNow ${syncJobId} started` : 'a SyncHostsNow is already running; the next poll tries again'} [corr=${request.correlationId}]`,
        );
        if (syncJobId) await this.moveCursor(cursors, step.to, apiPath);
        return {
          apiPath,
          cursorFrom: from,
          cursorTo: syncJobId ? (step.to?.id ?? 0) : from,
          resync: step.reason,
          syncHostsNowJobId: syncJobId,
        };
      }
      case 'read':
        return this.read(request, progress, client, cursors, {
          apiPath,
          afterId: step.afterId,
          to: step.to,
          missedBefore: cursor.missedPollsInARow,
        });
    }
  }

  private async read(
    request: SystemJobRequest,
    progress: SystemJobProgress,
    client: NetboxClient,
    cursors: NetboxChangeLogRepository,
    window: { apiPath: string; afterId: number; to: ChangePoint; missedBefore: number },
  ): Promise<Record<string, unknown>> {
    const changes: LoggedChange[] = [];
    for (const objectType of FOLLOWED_OBJECT_TYPES) {
      changes.push(
        ...(await client.listObjectChanges({
          id__gt: window.afterId,
          id__lte: window.to.id,
          changed_object_type: objectType,
        })),
      );
    }
    changes.sort((a, b) => a.id - b.id);
    const seen = new Map(
      (
        await cursors.findWebhooks(
          changes.map((change) => ({
            objectType: change.changedObjectType,
            objectId: change.changedObjectId,
          })),
        )
      ).map((sighting) => [`${sighting.objectType}:${sighting.objectId}`, sighting]),
    );
    const missed = changes.filter(
      (change) =>
        !broughtByWebhook(change, seen.get(`${change.changedObjectType}:${change.changedObjectId}`)),
    );
    const origin: JobOrigin = { correlationId: request.correlationId, username: null };
    const { replanned, failed } = await this.replan(changes, origin, progress);
    const missedPollsInARow = missed.length > 0 ? window.missedBefore + 1 : 0;
    await cursors.saveCursor({
      lastChangeId: window.to.id,
      lastChangeTime: new Date(window.to.time),
      apiPath: window.apiPath,
      missedPollsInARow,
    });
    this.metrics.countPoll(changes.length, missed.length);
    if (missed.length > 0) {
      const examples = missed
        .slice(0, 5)
        .map(
          (change) =>
            `${change.changedObjectType} #${change.changedObjectId} (${change.action}, change #${change.id})`,
        )
        .join(', ');
      const message = `${missed.length} NetBox change(s) came from the change log that no webhook had brought: ${examples}`;
      if (missedPollsInARow >= 2)
        this.logger.warn(
          `${message}; ${missedPollsInARow} polls in a row: NetBox's webhooks are being lost (is the ingester reachable from NetBox?) [corr=${request.correlationId}]`,
        );
      else this.logger.log(`${message} [corr=${request.correlationId}]`);
    }
    return {
      apiPath: window.apiPath,
      cursorFrom: window.afterId,
      cursorTo: window.to.id,
      changesRead: changes.length,
      objectsReplanned: replanned,
      failedToPlan: failed,
      changesWithoutWebhook: missed.length,
      withoutWebhook: missed.slice(0, 20).map((change) => ({
        id: change.id,
        objectType: change.changedObjectType,
        objectId: change.changedObjectId,
        action: change.action,
        time: change.time,
      })),
      missedPollsInARow,
    };
  }

  /** The hosts the changes touch, re-read from NetBox and planned in batches. */
  private async replan(
    changes: readonly LoggedChange[],
    origin: JobOrigin,
    progress: SystemJobProgress,
  ): Promise<{ replanned: number; failed: number }> {
    const hosts = new HostConfigRepository(this.dataSource.manager);
    const targets = new Map<string, { objectType: NetboxHostObjectType; objectId: number }>();
    const add = (objectType: NetboxHostObjectType, objectId: number): void => {
      targets.set(`${objectType}:${objectId}`, { objectType, objectId });
    };
    let everything = false;
    for (const change of changes) {
      for (const trigger of triggersForChange(change)) {
        switch (trigger.kind) {
          case 'host':
            add(trigger.objectType, trigger.objectId);
            break;
          case 'referencing':
            for (const target of await hosts.findObjectsReferencing(trigger.column, trigger.id))
              add(target.objectType, target.objectId);
            break;
          case 'everything':
            everything = true;
            break;
        }
      }
    }
    if (everything) for (const target of await hosts.listObjects()) add(target.objectType, target.objectId);
    let done = 0;
    let failed = 0;
    await progress.report(0, targets.size);
    for (const objectType of NETBOX_HOST_OBJECT_TYPES) {
      const ids = [...targets.values()]
        .filter((target) => target.objectType === objectType)
        .map((target) => target.objectId);
      if (ids.length === 0) continue;
      const current = await this.netbox.currentMany(objectType, ids);
      for (let start = 0; start < ids.length; start += REPLAN_BATCH) {
        const items = ids.slice(start, start + REPLAN_BATCH).map((objectId): ConvergeItem => {
          const data = current.get(objectId);
          return { objectType, objectId, state: data ? { found: true, data } : { found: false }, origin };
        });
        for (const error of await this.planner.convergeMany(items)) {
          if (error === null) continue;
          failed += 1;
          this.logger.error(`${error.message} [corr=${origin.correlationId}]`);
        }
        done += items.length;
        await progress.report(done, targets.size);
      }
    }
    return { replanned: targets.size, failed };
  }

  private async moveCursor(
    cursors: NetboxChangeLogRepository,
    to: ChangePoint | null,
    apiPath: string,
  ): Promise<void> {
    await cursors.saveCursor({
      lastChangeId: to?.id ?? 0,
      lastChangeTime: to ? new Date(to.time) : null,
      apiPath,
      missedPollsInARow: 0,
    });
  }

  /** Starts a SyncHostsNow (its own job row); null when one is already pending or running. */
  private async startSync(request: SystemJobRequest): Promise<string | null> {
    // Resolved at run time: the launcher is built from the list of runners this one is part of.
    const launcher = this.modules.get(SystemJobLauncher, { strict: false });
    const job = await this.dataSource.transaction((manager) =>
      launcher.create(manager, {
        kind: 'SyncHostsNow',
        trigger: 'schedule',
        username: null,
        parameters: {},
        retryOfJobId: null,
        correlationId: request.correlationId,
      }),
    );
    if (!job) return null;
    launcher.start(job);
    return job.id;
  }
}
