import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  HostConfigRepository,
  NETBOX_HOST_OBJECT_TYPES,
  type Job,
  type KnownHostConfig,
  type NetboxHostObjectType,
} from '@lib/models';
import { HostSyncService, type ConvergeItem } from '../hosts/host-sync.service';
import { JobPublication } from '../jobs/job-publication.service';
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
import { planSync, type PlannedSync, type SyncAction } from './domain/sync-plan';
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

/** What one pass over NetBox found: counts per action, the first LISTED_PLANS changes, objects read. */
interface PassOutcome {
  readonly counts: Record<SyncAction, number>;
  readonly listed: ListedPlan[];
  readonly total: number;
  readonly failedToPlan: number;
}

/** Sends one batch's jobs while the next batch is read and planned; at most one batch publishing at once. */
interface Sending {
  send(jobs: readonly Job[]): Promise<void>;
  /** Unchanged hosts get a job too, so drift in Zabbix is mended (all but `changesOnly` runs). */
  readonly checkUnchanged: boolean;
}

/**
 * SyncHostsNow: re-reads every device and VM from NetBox (page by page), plans what each means for its
 * Zabbix host, and (unless a dry run) converges them batch by batch through the same path as events while
 * it reads: changed hosts get their jobs, unchanged ones a job too so hosts that drifted in Zabbix are
 * mended (writers leave hosts that already match alone), and the hosts of objects NetBox no longer has are
 * removed. Each batch is published while the next is planned, so writers start on the first batch at once,
 * and only one batch of NetBox objects is held in memory. Jobs spread over all writer replicas through the
 * work queue; the run waits for them and reports what they did. One failing host does not stop the rest.
 *
 * Past `max_deletions` deletes and disables the run stops before changing anything, unless `{"confirm":
 * true}`: when more hosts are in Zabbix than `max_deletions`, a first pass only counts, and the second
 * converges; `{"dryRun": true}` returns the plan and writes nothing; `{"changesOnly": true}` sends jobs
 * only for hosts whose desired state changed (a mapping or setting change re-plans so).
 */
@Injectable()
export class SyncHostsNowRunner implements SystemJobRunner, OnModuleDestroy {
  readonly kind = 'SyncHostsNow' as const;
  private readonly logger = new Logger(SyncHostsNowRunner.name);
  private stopping = false;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly hosts: HostSyncService,
    private readonly publication: JobPublication,
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
    const known = await new HostConfigRepository(this.dataSource.manager).countKnown();
    const { maxDeletions } = await this.settings.settings();

    // Only hosts in Zabbix can be deleted or disabled: with no more of them than max_deletions (or when
    // confirmed) the run cannot pass the limit and converges as it reads; otherwise it counts first.
    if (dryRun || (request.parameters.confirm !== true && known.inZabbix > maxDeletions)) {
      const survey = await this.pass(origin, known.total, progress, null);
      const summary = { dryRun, total: survey.total, planned: survey.counts };
      if (dryRun) return { ...summary, plan: survey.listed, listedAtMost: LISTED_PLANS };
      const removing = survey.counts.delete + survey.counts.disable;
      if (removing > maxDeletions) {
        throw new SystemJobFailure(
          `the sync would delete or disable ${removing} hosts, more than max_deletions (${maxDeletions}); ` +
            'nothing was changed. Check the plan with {"dryRun": true}, then run with {"confirm": true}',
          {
            ...summary,
            plan: survey.listed.filter((plan) => plan.action === 'delete' || plan.action === 'disable'),
          },
        );
      }
    }

    let publishing: Promise<unknown> = Promise.resolve();
    const sending: Sending = {
      checkUnchanged: request.parameters.changesOnly !== true,
      send: async (jobs) => {
        await publishing;
        publishing = this.publication.publishMany(jobs);
      },
    };
    const outcome = await this.pass(origin, known.total, progress, sending);
    await publishing;
    const sentMs = Date.now() - startedAt;
    const jobs = await waitForJobs(this.dataSource, request.correlationId, progress, () => this.stopping);
    // Where the time went: NetBox read, planned and every job sent; jobs done (milliseconds since the start).
    const timings = { sentMs, doneMs: Date.now() - startedAt };
    return {
      dryRun,
      total: outcome.total,
      planned: outcome.counts,
      failedToPlan: outcome.failedToPlan,
      jobs,
      timings,
    };
  }

  /**
   * One pass over NetBox, batch by batch: plans every object and every known host NetBox no longer has.
   * With `sending`, converges each batch and sends its jobs; without, only counts.
   */
  private async pass(
    origin: JobOrigin,
    knownTotal: number,
    progress: SystemJobProgress,
    sending: Sending | null,
  ): Promise<PassOutcome> {
    const batchSize = this.config.PLAN_BATCH_SIZE;
    const repository = new HostConfigRepository(this.dataSource.manager);
    const counts = Object.fromEntries(ACTIONS.map((action) => [action, 0])) as Record<SyncAction, number>;
    const listed: ListedPlan[] = [];
    const seen = new Set<string>();
    let failedToPlan = 0;

    const handle = async (
      batch: readonly ConvergeItem[],
      current: ReadonlyMap<string, KnownHostConfig>,
    ): Promise<void> => {
      const changing: ConvergeItem[] = [];
      const unchanged: ConvergeItem[] = [];
      for (const item of batch) {
        const key = `${item.objectType}:${item.objectId}`;
        const { change } = await this.hosts.planChange(item);
        const host = current.get(key) ?? null;
        const plan = planSync(host, change);
        counts[plan.action] += 1;
        if (listed.length < LISTED_PLANS && plan.action !== 'unchanged' && plan.action !== 'absent') {
          listed.push({
            ...plan,
            host: change.kind === 'desired' ? change.desired.host : (host?.name ?? key),
          });
        }
        if (plan.action === 'unchanged') unchanged.push(item);
        else if (plan.action !== 'absent') changing.push(item);
      }
      if (!sending) return;
      failedToPlan += await this.converge(changing, origin, sending);
      if (sending.checkUnchanged) await sending.send(await this.hosts.planReconcile(unchanged, origin));
    };

    if (!this.netbox.enabled) {
      // Without NetBox's REST API nothing can be re-read: every host is checked against its desired state.
      await this.eachKnownPage(repository, async (page) => {
        counts.unchanged += page.length;
        if (sending) await sending.send(await this.hosts.planReconcile(page, origin));
      });
      return { counts, listed, total: knownTotal, failedToPlan };
    }

    for (const objectType of NETBOX_HOST_OBJECT_TYPES) {
      let batch: ConvergeItem[] = [];
      const flush = async (): Promise<void> => {
        await handle(batch, await repository.findKnown(batch));
        batch = [];
        await progress.report(seen.size, Math.max(seen.size, knownTotal));
      };
      for await (const object of this.netbox.all(objectType)) {
        seen.add(`${objectType}:${object.id}`);
        batch.push({ objectType, objectId: object.id, state: { found: true, data: object.data }, origin });
        if (batch.length >= batchSize) await flush();
      }
      if (batch.length > 0) await flush();
    }
    // The known hosts NetBox no longer has.
    await this.eachKnownPage(repository, async (page) => {
      const gone = page.filter((host) => !seen.has(`${host.objectType}:${host.objectId}`));
      const current = new Map(gone.map((host) => [`${host.objectType}:${host.objectId}`, host]));
      await handle(
        gone.map((host) => ({ ...this.objectOf(host), state: { found: false }, origin })),
        current,
      );
    });
    return { counts, listed, total: seen.size, failedToPlan };
  }

  /** Plans a batch of changes and sends its jobs; returns how many could not be planned. */
  private async converge(
    items: readonly ConvergeItem[],
    origin: JobOrigin,
    sending: Sending,
  ): Promise<number> {
    if (items.length === 0) return 0;
    const { jobs, errors } = await this.hosts.planBatch(items);
    await sending.send(jobs);
    let failed = 0;
    for (const error of errors) {
      if (!error) continue;
      failed += 1;
      this.logger.error(`${error.message} [corr=${origin.correlationId}]`);
    }
    return failed;
  }

  private async eachKnownPage(
    repository: HostConfigRepository,
    handle: (page: readonly KnownHostConfig[]) => Promise<void>,
  ): Promise<void> {
    for (let afterId = 0; ;) {
      const page = await repository.pageKnown(afterId, this.config.PLAN_BATCH_SIZE);
      const last = page.at(-1);
      if (!last) return;
      await handle(page);
      afterId = last.id;
    }
  }

  private objectOf(host: KnownHostConfig): { objectType: NetboxHostObjectType; objectId: number } {
    return { objectType: host.objectType, objectId: host.objectId };
  }
}
