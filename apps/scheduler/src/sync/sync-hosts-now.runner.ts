import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HostConfigRepository, NETBOX_HOST_OBJECT_TYPES, type NetboxHostObjectType } from '@lib/models';
import { HostSyncService, type ConvergeItem } from '../hosts/host-sync.service';
import { type JobOrigin } from '../jobs/job-factory';
import { NetboxStateService } from '../netbox/netbox-state.service';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { SettingsService } from '../settings/settings.service';
import { SystemJobFailure } from '../system-jobs/system-job-failure.error';
import {
  type SystemJobProgress,
  type SystemJobRequest,
  type SystemJobRunner,
} from '../system-jobs/system-job-runner';
import { planSync, removals, type PlannedSync, type SyncAction } from './domain/sync-plan';
import { waitForJobs } from './job-waiter';

/** Hosts listed one by one in a dry run's plan, at most. */
const LISTED_PLANS = 500;

interface ListedPlan extends PlannedSync {
  readonly host: string;
}

const ACTIONS: readonly SyncAction[] = [
  'create',
  'update',
  'disable',
  'delete',
  'unchanged',
  'hold',
  'absent',
];

/**
 * SyncHostsNow: re-reads every device and VM from NetBox (page by page), plans what each means for its
 * Zabbix host, and then (unless a dry run) converges them in batches through the same path as events,
 * removes the hosts of objects NetBox no longer has, and sends every other host a job too, so hosts that
 * drifted in Zabbix are mended (writers leave hosts that already match alone). Jobs spread over all writer
 * replicas through the work queue; the run waits for them and reports what they did. One failing host does
 * not stop the rest. Past `max_deletions` deletes and disables the run stops before changing anything,
 * unless `{"confirm": true}`; `{"dryRun": true}` returns the plan and writes nothing; `{"changesOnly":
 * true}` sends jobs only for hosts whose desired state changed (a mapping or setting change re-plans so).
 */
@Injectable()
export class SyncHostsNowRunner implements SystemJobRunner, OnModuleDestroy {
  readonly kind = 'SyncHostsNow' as const;
  private readonly logger = new Logger(SyncHostsNowRunner.name);
  private stopping = false;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly hosts: HostSyncService,
    private readonly netbox: NetboxStateService,
    private readonly settings: SettingsService,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerSettingsConfig,
  ) {}

  /** A run waiting for its jobs stops waiting when the scheduler shuts down (the jobs go on). */
  onModuleDestroy(): void {
    this.stopping = true;
  }

  async run(request: SystemJobRequest, progress: SystemJobProgress): Promise<Record<string, unknown>> {
    const startedAt = Date.now();
    const dryRun = request.parameters.dryRun === true;
    const origin: JobOrigin = { correlationId: request.correlationId, username: request.startedBy };
    const known = await new HostConfigRepository(this.dataSource.manager).listKnown();
    const counts = Object.fromEntries(ACTIONS.map((action) => [action, 0])) as Record<SyncAction, number>;
    const listed: ListedPlan[] = [];
    const plans: PlannedSync[] = [];
    const items: ConvergeItem[] = [];
    const unchanged: { objectType: NetboxHostObjectType; objectId: number }[] = [];

    const note = (item: ConvergeItem, plan: PlannedSync, host: string): void => {
      counts[plan.action] += 1;
      plans.push(plan);
      if (listed.length < LISTED_PLANS && plan.action !== 'unchanged' && plan.action !== 'absent') {
        listed.push({ ...plan, host });
      }
      if (plan.action === 'unchanged') unchanged.push(item);
      else if (plan.action !== 'absent') items.push(item);
    };

    const seen = new Set<string>();
    if (this.netbox.enabled) {
      for (const objectType of NETBOX_HOST_OBJECT_TYPES) {
        for await (const object of this.netbox.all(objectType)) {
          const key = `${objectType}:${object.id}`;
          seen.add(key);
          const item: ConvergeItem = {
            objectType,
            objectId: object.id,
            state: { found: true, data: object.data },
            origin,
          };
          const { change } = await this.hosts.planChange(item);
          const current = known.get(key) ?? null;
          note(
            item,
            planSync(current, change),
            change.kind === 'desired' ? change.desired.host : (current?.name ?? key),
          );
          if (seen.size % 200 === 0) await progress.report(seen.size, Math.max(seen.size, known.size));
        }
      }
      for (const [key, current] of known) {
        if (seen.has(key)) continue;
        const item: ConvergeItem = {
          objectType: current.objectType,
          objectId: current.objectId,
          state: { found: false },
          origin,
        };
        note(item, planSync(current, { kind: 'remove' }), current.name);
      }
    } else {
      // Without NetBox's REST API nothing can be re-read: every host is checked against its desired state.
      for (const current of known.values()) unchanged.push(current);
      counts.unchanged = known.size;
    }

    const readMs = Date.now() - startedAt;
    const summary = { dryRun, total: seen.size || known.size, planned: counts };
    const removing = removals(plans);
    const { maxDeletions } = await this.settings.settings();
    if (dryRun) return { ...summary, plan: listed, listedAtMost: LISTED_PLANS };
    if (removing > maxDeletions && request.parameters.confirm !== true) {
      throw new SystemJobFailure(
        `the sync would delete or disable ${removing} hosts, more than max_deletions (${maxDeletions}); ` +
          'nothing was changed. Check the plan with {"dryRun": true}, then run with {"confirm": true}',
        { ...summary, plan: listed.filter((plan) => plan.action === 'delete' || plan.action === 'disable') },
      );
    }

    let failedToPlan = 0;
    for (let start = 0; start < items.length; start += this.config.PLAN_BATCH_SIZE) {
      const errors = await this.hosts.convergeMany(items.slice(start, start + this.config.PLAN_BATCH_SIZE));
      for (const error of errors) {
        if (!error) continue;
        failedToPlan += 1;
        this.logger.error(`${error.message} [corr=${origin.correlationId}]`);
      }
      await progress.report(Math.min(start + this.config.PLAN_BATCH_SIZE, items.length), items.length);
    }
    const checked = request.parameters.changesOnly === true ? [] : unchanged;
    for (let start = 0; start < checked.length; start += this.config.PLAN_BATCH_SIZE) {
      await this.hosts.reconcile(checked.slice(start, start + this.config.PLAN_BATCH_SIZE), origin);
    }
    const sentMs = Date.now() - startedAt;
    const outcome = await waitForJobs(this.dataSource, request.correlationId, progress, () => this.stopping);
    // Where the time went: NetBox read and planned, jobs sent, jobs done (milliseconds since the start).
    const timings = { readMs, sentMs, doneMs: Date.now() - startedAt };
    return { ...summary, failedToPlan, jobs: outcome, timings };
  }
}
