import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PermanentError, type DesiredHost } from '@lib/contracts';
import { HostConfig, HostConfigRepository, type Job, type NetboxHostObjectType } from '@lib/models';
import { JobPublication } from '../jobs/job-publication.service';
import { NextJobPlanner, type PlanEntry } from '../jobs/next-job-planner.service';
import { type CurrentState } from '../netbox/netbox-state.service';
import { type JobOrigin } from '../jobs/job-factory';
import { SettingsService } from '../settings/settings.service';
import { buildDesiredHost, type DesiredHostDecision } from './domain/desired-host';
import { assignHostNames, duplicateHostNames, type NameRequest } from './domain/host-naming';
import { mirrorDesiredHosts, type MirroredHost } from './host-model-mirror';
import { resolveMapping } from './domain/mapping-resolution';
import { parseNetboxHostSource, type NetboxHostSource } from './domain/netbox-host-source';

/** The NetBox ids a desired host was built from: a rename of any of them re-evaluates the host. */
type SourceReferences = Pick<
  HostConfig,
  'siteId' | 'roleId' | 'platformId' | 'clusterId' | 'primaryIpId' | 'tagIds'
>;

/** What NetBox's state of an object means for its Zabbix host. */
export type Change =
  | {
      kind: 'desired';
      desired: DesiredHost;
      references: SourceReferences;
      /** Site name, for the duplicate name pattern. */
      site: string | null;
      /** Who holds the NetBox name in Zabbix, when this host had to take the duplicate name pattern. */
      collision: string | null;
      /** Why the status policy keeps or disables the host (an object not in service), logged when planned. */
      policyNote?: string;
    }
  | { kind: 'remove'; reason: string }
  | { kind: 'hold'; reason: string };

export type DesiredChange = Extract<Change, { kind: 'desired' }>;

/** One NetBox object to converge on the state NetBox has for it (or gone). */
export interface ConvergeItem {
  readonly objectType: NetboxHostObjectType;
  readonly objectId: number;
  readonly state: CurrentState;
  readonly origin: JobOrigin;
}

interface PreparedChange extends ConvergeItem {
  readonly change: Change;
  readonly sourceUpdatedAt: Date | null;
}

function keyOf(object: { readonly objectType: string; readonly objectId: number }): string {
  return `${object.objectType}:${object.objectId}`;
}

function referencesOf(source: NetboxHostSource): SourceReferences {
  return {
    siteId: source.site?.id ?? null,
    roleId: source.role?.id ?? null,
    platformId: source.platform?.id ?? null,
    clusterId: source.cluster?.id ?? null,
    primaryIpId: source.primaryIp4?.id ?? null,
    tagIds: [...source.tagIds],
  };
}

/**
 * Plans a batch of host changes: NetBox objects' states (as NetBox has them now, or gone) → desired hosts
 * (mappings, settings, unique names) → host configs → at most one job in flight per host, in one
 * transaction with set-based reads and writes. Events (NetboxEventIntake), syncs, re-plans after a mapping
 * change and the management API all come through here.
 */
@Injectable()
export class HostSyncService {
  private readonly logger = new Logger(HostSyncService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly planner: NextJobPlanner,
    private readonly publication: JobPublication,
  ) {}

  /**
   * Objects' states → desired hosts → host configs → jobs, for a whole batch in one transaction with
   * set-based reads and writes; the jobs are published after commit. Returns, per item, the error that kept
   * it from being planned (a name no pattern frees), or null.
   */
  async convergeMany(items: readonly ConvergeItem[]): Promise<(Error | null)[]> {
    const { jobs, errors } = await this.planBatch(items);
    await this.publication.publishMany(jobs);
    return errors;
  }

  /**
   * convergeMany without the publishing: returns the stored jobs for the caller to publish (a sync
   * publishes one batch while it plans the next), and, per item, the error that kept it from being planned.
   */
  async planBatch(items: readonly ConvergeItem[]): Promise<{ jobs: Job[]; errors: (Error | null)[] }> {
    if (items.length === 0) return { jobs: [], errors: [] };
    const prepared = await Promise.all(
      items.map(async (item): Promise<PreparedChange> => ({ ...item, ...(await this.planChange(item)) })),
    );
    return this.dataSource.transaction((manager) => this.applyMany(manager, prepared));
  }

  private async applyMany(
    manager: EntityManager,
    items: readonly PreparedChange[],
  ): Promise<{ jobs: Job[]; errors: (Error | null)[] }> {
    const hosts = new HostConfigRepository(manager);
    const byKey = new Map((await hosts.lockByObjects(items)).map((host) => [keyOf(host), host]));
    const { changes, errors } = await this.claimNames(hosts, items, byKey);
    const missing = items.flatMap((item, index) => {
      const change = changes[index];
      return change?.kind === 'desired' && !byKey.has(keyOf(item)) ? [{ item, change }] : [];
    });
    await hosts.insertMany(
      missing.map(({ item, change }) => ({
        objectType: item.objectType,
        objectId: item.objectId,
        name: change.desired.host,
      })),
    );
    const created = await hosts.lockByObjects(missing.map(({ item }) => item));
    for (const host of created) byKey.set(keyOf(host), host);

    const entries: PlanEntry[] = [];
    const mirrored: MirroredHost[] = [];
    for (const [index, item] of items.entries()) {
      const change = changes[index];
      if (!change) continue;
      const label = keyOf(item);
      const hostConfig = byKey.get(label);
      if (!hostConfig) {
        if (change.kind !== 'desired') {
          this.logger.log(
            `${label}: ${change.reason}; not in Zabbix, nothing to do [corr=${item.origin.correlationId}]`,
          );
        }
        continue;
      }
      const { sourceUpdatedAt } = item;
      if (sourceUpdatedAt && hostConfig.sourceUpdatedAt && sourceUpdatedAt < hostConfig.sourceUpdatedAt) {
        this.logger.log(
          `${label}: event older than the state already applied, ignored [corr=${item.origin.correlationId}]`,
        );
        continue;
      }
      if (sourceUpdatedAt) hostConfig.sourceUpdatedAt = sourceUpdatedAt;
      const changed = this.record(hostConfig, change, label, item.origin);
      if (changed && change.kind === 'desired') mirrored.push({ hostConfig, desired: change.desired });
      const handledRevision = changed ? hostConfig.desiredRevision - 1 : hostConfig.desiredRevision;
      entries.push({ hostConfig, handledRevision, origin: item.origin });
    }
    await mirrorDesiredHosts(manager, mirrored);
    return { jobs: await this.planner.planMany(manager, entries), errors };
  }

  /**
   * Zabbix technical names are unique, NetBox names are not (devices per site and tenant, VMs per cluster,
   * and a device and a VM may share one). The first object to hold a name keeps it; another object of the
   * same name gets the settings' duplicate name pattern, and the collision is recorded on its host config
   * and jobs. When the holder goes, the next change gives the host its plain name back.
   */
  private async claimNames(
    hosts: HostConfigRepository,
    items: readonly PreparedChange[],
    byKey: ReadonlyMap<string, HostConfig>,
  ): Promise<{ changes: (Change | null)[]; errors: (Error | null)[] }> {
    const { duplicateNamePattern } = await this.settings.settings();
    const requests = items.flatMap((item): NameRequest[] =>
      item.change.kind === 'desired'
        ? [
            {
              key: keyOf(item),
              host: item.change.desired.host,
              name: item.change.desired.name,
              objectType: item.objectType,
              objectId: item.objectId,
              site: item.change.site,
            },
          ]
        : [],
    );
    const candidates = requests.flatMap((request) => [
      request.host,
      duplicateHostNames(duplicateNamePattern, request).host,
    ]);
    const holders = new Map(
      [...(await hosts.findNameHolders(candidates))].map(([name, holder]) => [name, keyOf(holder)]),
    );
    // A name a host config of this batch is about to give up is still its own until it has another.
    for (const host of byKey.values()) holders.set(host.name, keyOf(host));
    const assignments = assignHostNames(requests, holders, duplicateNamePattern);
    let next = 0;
    const changes: (Change | null)[] = [];
    const errors: (Error | null)[] = [];
    for (const item of items) {
      if (item.change.kind !== 'desired') {
        changes.push(item.change);
        errors.push(null);
        continue;
      }
      const assignment = assignments[next++];
      if (!assignment || assignment.kind === 'unavailable') {
        changes.push(null);
        errors.push(new PermanentError(assignment?.reason ?? `${keyOf(item)}: no name assigned`));
        continue;
      }
      changes.push({
        ...item.change,
        desired: { ...item.change.desired, ...assignment.names },
        collision: assignment.collision,
      });
      errors.push(null);
    }
    return { changes, errors };
  }

  /** What an object's state means for its host, from the mappings and settings; no I/O but cached rules. */
  async planChange(
    item: Pick<ConvergeItem, 'objectType' | 'state'>,
  ): Promise<{ change: Change; sourceUpdatedAt: Date | null }> {
    const source = item.state.found ? parseNetboxHostSource(item.objectType, item.state.data) : null;
    const change = source
      ? await this.changeFor(source)
      : ({ kind: 'remove', reason: 'deleted in NetBox' } as const);
    return { change, sourceUpdatedAt: source?.lastUpdated ?? null };
  }

  /**
   * Sends a job for each of these host configs even though nothing changed (SyncHostsNow: Zabbix may have
   * drifted; the writer leaves hosts that already match alone). Hosts with a job in flight are skipped: that
   * job brings them to the desired state. Returns how many jobs were sent.
   */
  async reconcile(
    objects: readonly { readonly objectType: NetboxHostObjectType; readonly objectId: number }[],
    origin: JobOrigin,
  ): Promise<number> {
    const jobs = await this.planReconcile(objects, origin);
    await this.publication.publishMany(jobs);
    return jobs.length;
  }

  /** reconcile without the publishing: returns the stored jobs for the caller to publish. */
  async planReconcile(
    objects: readonly { readonly objectType: NetboxHostObjectType; readonly objectId: number }[],
    origin: JobOrigin,
  ): Promise<Job[]> {
    if (objects.length === 0) return [];
    return this.dataSource.transaction(async (manager) => {
      const locked = await new HostConfigRepository(manager).lockByObjects(objects);
      const entries = locked
        .filter((hostConfig) => hostConfig.activeJobId === null && hostConfig.desiredRevision > 0)
        .map((hostConfig) => ({ hostConfig, handledRevision: hostConfig.desiredRevision - 1, origin }));
      return this.planner.planMany(manager, entries);
    });
  }

  private async changeFor(source: NetboxHostSource): Promise<Change> {
    const rules = await this.settings.rulesFor(source.objectType);
    const decision: DesiredHostDecision = buildDesiredHost(
      source,
      resolveMapping(rules.mappings, source),
      rules.policy,
      rules.fieldMappings,
    );
    if (decision.monitored) {
      return {
        kind: 'desired',
        desired: decision.desired,
        references: referencesOf(source),
        site: source.site?.name ?? null,
        collision: null,
        ...(decision.policyNote === undefined ? {} : { policyNote: decision.policyNote }),
      };
    }
    return decision.remove
      ? { kind: 'remove', reason: decision.reason }
      : { kind: 'hold', reason: decision.reason };
  }

  /** Applies the change to the host config; true when the desired state (or removal) changed. */
  private record(hostConfig: HostConfig, change: Change, label: string, origin: JobOrigin): boolean {
    switch (change.kind) {
      case 'hold':
        this.logger.log(
          `${label}: ${change.reason}; Zabbix host left as it is [corr=${origin.correlationId}]`,
        );
        return false;
      case 'remove':
        if (hostConfig.removalRequestedAt !== null) return false;
        hostConfig.removalRequestedAt = new Date();
        hostConfig.desiredRevision += 1;
        hostConfig.failedAttempts = 0;
        this.noteChange(hostConfig, origin);
        hostConfig.inSync = false;
        this.logger.log(`${label}: ${change.reason}; removal requested [corr=${origin.correlationId}]`);
        return true;
      case 'desired': {
        if (change.policyNote !== undefined) {
          this.logger.log(`${label}: ${change.policyNote} [corr=${origin.correlationId}]`);
        }
        Object.assign(hostConfig, change.references);
        if (change.collision !== hostConfig.nameCollision && change.collision !== null) {
          this.logger.warn(`${label}: name collision: ${change.collision} [corr=${origin.correlationId}]`);
        }
        hostConfig.nameCollision = change.collision;
        if (
          hostConfig.removalRequestedAt === null &&
          isDeepStrictEqual(hostConfig.desiredState, change.desired)
        ) {
          return false;
        }
        hostConfig.removalRequestedAt = null;
        hostConfig.desiredState = change.desired;
        hostConfig.desiredRevision += 1;
        hostConfig.failedAttempts = 0;
        this.noteChange(hostConfig, origin);
        hostConfig.inSync = false;
        hostConfig.name = change.desired.host;
        hostConfig.status = change.desired.status;
        hostConfig.description = change.desired.description;
        return true;
      }
    }
  }

  private noteChange(hostConfig: HostConfig, origin: JobOrigin): void {
    hostConfig.lastChangeAt = new Date();
    hostConfig.lastCorrelationId = origin.correlationId;
  }
}
