import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { type DesiredHost, type NetboxEventPayload } from '@lib/contracts';
import { type HandlerContext } from '@lib/messaging';
import {
  AgentInterface,
  HostConfigRepository,
  HostGroup,
  NETBOX_HOST_OBJECT_TYPES,
  Template,
  type HostConfig,
  type Job,
  type NetboxHostObjectType,
} from '@lib/models';
import { JobDispatcher } from '../jobs/job-dispatcher.service';
import { type JobOrigin } from '../jobs/job-factory';
import { insertNames, SettingsService } from '../settings/settings.service';
import { buildDesiredHost, type DesiredHostDecision } from './domain/desired-host';
import { resolveMapping } from './domain/mapping-resolution';
import { parseNetboxHostSource, type NetboxHostSource } from './domain/netbox-host-source';

/** The NetBox ids a desired host was built from: a rename of any of them re-evaluates the host. */
type SourceReferences = Pick<
  HostConfig,
  'siteId' | 'roleId' | 'platformId' | 'clusterId' | 'primaryIpId' | 'tagIds'
>;

type Change =
  | { kind: 'desired'; desired: DesiredHost; references: SourceReferences }
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

function isHostObjectType(objectType: string): objectType is NetboxHostObjectType {
  return (NETBOX_HOST_OBJECT_TYPES as readonly string[]).includes(objectType);
}

/** Turns NetBox events about devices and VMs into desired Zabbix hosts and jobs. */
@Injectable()
export class HostSyncService {
  private readonly logger = new Logger(HostSyncService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly dispatcher: JobDispatcher,
  ) {}

  async onNetboxEvent(event: NetboxEventPayload, context: HandlerContext): Promise<void> {
    if (!isHostObjectType(event.objectType)) {
      this.logger.debug(`${event.objectType} ${event.action} #${event.objectId}: not a host object, ignored`);
      return;
    }
    const origin: JobOrigin = { correlationId: context.correlationId, username: event.username };
    const change = await this.changeFor(event.objectType, event);
    const sourceUpdatedAt = event.action === 'deleted' ? null : this.lastUpdated(event);
    const job = await this.dataSource.transaction((manager) =>
      this.apply(
        manager,
        event.objectType as NetboxHostObjectType,
        event.objectId,
        change,
        sourceUpdatedAt,
        origin,
      ),
    );
    if (job) await this.dispatcher.publish(job);
  }

  private async changeFor(objectType: NetboxHostObjectType, event: NetboxEventPayload): Promise<Change> {
    if (event.action === 'deleted') return { kind: 'remove', reason: 'deleted in NetBox' };
    if (event.data === null) return { kind: 'hold', reason: 'the event carries no object data' };
    const source = parseNetboxHostSource(objectType, event.data);
    const rules = await this.settings.rulesFor(objectType);
    const decision: DesiredHostDecision = buildDesiredHost(
      source,
      resolveMapping(rules.mappings, source),
      rules.policy,
      rules.fieldMappings,
    );
    if (decision.monitored)
      return { kind: 'desired', desired: decision.desired, references: referencesOf(source) };
    return decision.remove
      ? { kind: 'remove', reason: decision.reason }
      : { kind: 'hold', reason: decision.reason };
  }

  private lastUpdated(event: NetboxEventPayload): Date | null {
    const value = event.data?.last_updated;
    if (typeof value !== 'string') return null;
    const parsed = new Date(value.replace(' ', 'T'));
    return Number.isNaN(parsed.getTime()) ? null : parsed;
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
    let hostConfig = await hosts.lockByObject(objectType, objectId);
    if (!hostConfig) {
      if (change.kind !== 'desired') {
        this.logger.log(
          `${label}: ${change.reason}; not in Zabbix, nothing to do [corr=${origin.correlationId}]`,
        );
        return null;
      }
      const name = await hosts.uniqueName(change.desired.host, objectType, objectId);
      hostConfig = await hosts.createAndLock(objectType, objectId, name);
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
        hostConfig.inSync = false;
        this.logger.log(`${label}: ${change.reason}; removal requested [corr=${origin.correlationId}]`);
        return true;
      case 'desired': {
        if (
          hostConfig.removalRequestedAt === null &&
          isDeepStrictEqual(hostConfig.desiredState, change.desired)
        ) {
          return false;
        }
        hostConfig.removalRequestedAt = null;
        hostConfig.desiredState = change.desired;
        hostConfig.desiredRevision += 1;
        hostConfig.inSync = false;
        hostConfig.name = await new HostConfigRepository(manager).uniqueName(
          change.desired.host,
          hostConfig.objectType,
          hostConfig.objectId,
        );
        hostConfig.status = change.desired.status;
        hostConfig.description = change.desired.description;
        await this.describeInModel(manager, hostConfig, change.desired);
        return true;
      }
    }
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
