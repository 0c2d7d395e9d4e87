import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { PermanentError, type DesiredHost, type NetboxEventPayload } from '@lib/contracts';
import { type HandlerContext } from '@lib/messaging';
import {
  AgentInterface,
  HostConfig,
  HostConfigRepository,
  HostGroup,
  NETBOX_HOST_OBJECT_TYPES,
  Template,
  type Job,
  type NetboxHostObjectType,
} from '@lib/models';
import { JobDispatcher } from '../jobs/job-dispatcher.service';
import { NetboxStateService, type CurrentState } from '../netbox/netbox-state.service';
import { type JobOrigin } from '../jobs/job-factory';
import { insertNames, SettingsService } from '../settings/settings.service';
import { buildDesiredHost, type DesiredHostDecision } from './domain/desired-host';
import { triggersFor, type ReferenceColumn } from './domain/event-routing';
import { duplicateHostNames } from './domain/host-naming';
import { resolveMapping } from './domain/mapping-resolution';
import { parseNetboxHostSource, type NetboxHostSource } from './domain/netbox-host-source';

/** The NetBox ids a desired host was built from: a rename of any of them re-evaluates the host. */
type SourceReferences = Pick<
  HostConfig,
  'siteId' | 'roleId' | 'platformId' | 'clusterId' | 'primaryIpId' | 'tagIds'
>;

type Change =
  | {
      kind: 'desired';
      desired: DesiredHost;
      references: SourceReferences;
      /** Site name, for the duplicate name pattern. */
      site: string | null;
      /** Who holds the NetBox name in Zabbix, when this host had to take the duplicate name pattern. */
      collision: string | null;
    }
  | { kind: 'remove'; reason: string }
  | { kind: 'hold'; reason: string };

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

/** How often a long fan-out tells JetStream the event is still being worked on. */
const PROGRESS_EVERY = 50;

/**
 * Turns NetBox events into desired Zabbix hosts and jobs. Events are triggers: with NETBOX_URL set the
 * affected devices and VMs are re-read from NetBox, so every change that matters (IPs, interfaces, sites,
 * roles, platforms, clusters, tags, custom fields) converges on NetBox's current state.
 */
@Injectable()
export class HostSyncService {
  private readonly logger = new Logger(HostSyncService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly dispatcher: JobDispatcher,
    private readonly netbox: NetboxStateService,
  ) {}

  async onNetboxEvent(event: NetboxEventPayload, context: HandlerContext): Promise<void> {
    const origin: JobOrigin = { correlationId: context.correlationId, username: event.username };
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
          await this.reevaluate(await this.hostsReferencing(trigger.column, trigger.id), origin, context);
          break;
        case 'everything':
          await this.reevaluate(await this.allHosts(), origin, context);
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
      for (const [index, objectId] of ids.entries()) {
        if (index % PROGRESS_EVERY === 0) context.working();
        const data = current.get(objectId);
        await this.converge(objectType, objectId, data ? { found: true, data } : { found: false }, origin);
      }
    }
  }

  private async hostsReferencing(
    column: ReferenceColumn,
    id: number,
  ): Promise<{ objectType: NetboxHostObjectType; objectId: number }[]> {
    const query = this.dataSource
      .getRepository(HostConfig)
      .createQueryBuilder('host')
      .select(['host.objectType', 'host.objectId']);
    if (column === 'tagIds') query.where(':id = ANY(host.tagIds)', { id });
    else query.where(`host.${column} = :id`, { id });
    return query.getMany();
  }

  private async allHosts(): Promise<{ objectType: NetboxHostObjectType; objectId: number }[]> {
    return this.dataSource.getRepository(HostConfig).find({ select: { objectType: true, objectId: true } });
  }

  /** One object's state (as NetBox has it now, or gone) → desired host → host config → job. */
  private async converge(
    objectType: NetboxHostObjectType,
    objectId: number,
    state: CurrentState,
    origin: JobOrigin,
  ): Promise<void> {
    const source = state.found ? parseNetboxHostSource(objectType, state.data) : null;
    const change = source
      ? await this.changeFor(source)
      : ({ kind: 'remove', reason: 'deleted in NetBox' } as const);
    const sourceUpdatedAt = source?.lastUpdated ?? null;
    const job = await this.dataSource.transaction((manager) =>
      this.apply(manager, objectType, objectId, change, sourceUpdatedAt, origin),
    );
    if (job) await this.dispatcher.publish(job);
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
      };
    }
    return decision.remove
      ? { kind: 'remove', reason: decision.reason }
      : { kind: 'hold', reason: decision.reason };
  }

  private async apply(
    manager: EntityManager,
    objectType: NetboxHostObjectType,
    objectId: number,
    change: Change,
    sourceUpdatedAt: Date | null,
    origin: JobOrigin,
  ): Promise<Job | null> {
    const label = `${objectType}:${objectId}`;
    const hosts = new HostConfigRepository(manager);
    if (change.kind === 'desired') change = await this.claimName(hosts, change, objectType, objectId);
    let hostConfig = await hosts.lockByObject(objectType, objectId);
    if (!hostConfig) {
      if (change.kind !== 'desired') {
        this.logger.log(
          `${label}: ${change.reason}; not in Zabbix, nothing to do [corr=${origin.correlationId}]`,
        );
        return null;
      }
      hostConfig = await hosts.createAndLock(objectType, objectId, change.desired.host);
    }
    if (sourceUpdatedAt && hostConfig.sourceUpdatedAt && sourceUpdatedAt < hostConfig.sourceUpdatedAt) {
      this.logger.log(
        `${label}: event older than the state already applied, ignored [corr=${origin.correlationId}]`,
      );
      return null;
    }
    if (sourceUpdatedAt) hostConfig.sourceUpdatedAt = sourceUpdatedAt;

    const changed = await this.record(manager, hostConfig, change, label, origin);
    const handledRevision = changed ? hostConfig.desiredRevision - 1 : hostConfig.desiredRevision;
    return this.dispatcher.planNext(manager, hostConfig, handledRevision, origin);
  }

  /**
   * Zabbix technical names are unique, NetBox names are not (devices per site and tenant, VMs per cluster,
   * and a device and a VM may share one). The first object to hold a name keeps it; another object of the
   * same name gets the settings' duplicate name pattern, and the collision is recorded on its host config
   * and jobs. When the holder goes, the next change gives the host its plain name back.
   */
  private async claimName(
    hosts: HostConfigRepository,
    change: Extract<Change, { kind: 'desired' }>,
    objectType: NetboxHostObjectType,
    objectId: number,
  ): Promise<Change> {
    const holder = await hosts.findNameHolder(change.desired.host, objectType, objectId);
    if (!holder) return change;
    const { duplicateNamePattern } = await this.settings.settings();
    const names = duplicateHostNames(duplicateNamePattern, {
      name: change.desired.name,
      objectType,
      objectId,
      site: change.site,
    });
    const second = await hosts.findNameHolder(names.host, objectType, objectId);
    if (second) {
      throw new PermanentError(
        `${objectType}:${objectId}: "${change.desired.host}" is held by ${holder.objectType}:${holder.objectId} ` +
          `and "${names.host}" by ${second.objectType}:${second.objectId}; change the duplicate name pattern`,
      );
    }
    return {
      ...change,
      desired: { ...change.desired, ...names },
      collision: `"${change.desired.host}" is held in Zabbix by ${holder.objectType}:${holder.objectId}; this host is "${names.host}"`,
    };
  }

  /** Applies the change to the host config; true when the desired state (or removal) changed. */
  private async record(
    manager: EntityManager,
    hostConfig: HostConfig,
    change: Change,
    label: string,
    origin: JobOrigin,
  ): Promise<boolean> {
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
        await this.describeInModel(manager, hostConfig, change.desired);
        return true;
      }
    }
  }

  private noteChange(hostConfig: HostConfig, origin: JobOrigin): void {
    hostConfig.lastChangeAt = new Date();
    hostConfig.lastCorrelationId = origin.correlationId;
  }

  /** Mirrors the desired host into the plugin's relational shape: groups, templates, the agent interface. */
  private async describeInModel(
    manager: EntityManager,
    hostConfig: HostConfig,
    desired: DesiredHost,
  ): Promise<void> {
    await insertNames(manager, HostGroup, desired.groups);
    await insertNames(manager, Template, desired.templates);
    hostConfig.hostGroups = desired.groups.length
      ? await manager.getRepository(HostGroup).findBy({ name: In(desired.groups) })
      : [];
    hostConfig.templates = desired.templates.length
      ? await manager.getRepository(Template).findBy({ name: In(desired.templates) })
      : [];
    const agent = desired.interfaces.find((candidate) => candidate.kind === 'agent' && candidate.main);
    const interfaces = manager.getRepository(AgentInterface);
    const existing = await interfaces.findOne({ where: { hostConfig: { id: hostConfig.id }, main: 1 } });
    if (!agent) {
      if (existing) await interfaces.delete({ id: existing.id });
      return;
    }
    const row =
      existing ??
      interfaces.create({ hostConfig: { id: hostConfig.id }, name: 'agent', hostid: hostConfig.hostid });
    row.ip = agent.ip;
    row.dns = agent.dns;
    row.port = agent.port;
    row.useip = agent.useIp ? 1 : 0;
    row.main = 1;
    await interfaces.save(row);
  }
}
