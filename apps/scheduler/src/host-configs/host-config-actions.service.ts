import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  HostConfigCatalogRepository,
  HostConfigRepository,
  type HostConfig,
  type Job,
  type NetboxHostObjectType,
} from '@lib/models';
import { HostSyncService } from '../hosts/host-sync.service';
import { fieldProblems } from '../http/field-problems';
import { JobPublication } from '../jobs/job-publication.service';
import { NextJobPlanner } from '../jobs/next-job-planner.service';
import { type JobOrigin } from '../jobs/job-factory';
import { NetboxStateService } from '../netbox/netbox-state.service';
import { hostConfigSummary } from './host-config-query.service';
import { type HostJobStarted } from './host-config.views';

/** What an operator can ask for one host: the plugin's manual create, update and delete buttons. */
export const HOST_ACTIONS = ['create', 'update', 'delete'] as const;
export type HostAction = (typeof HOST_ACTIONS)[number];

/**
 * One host's create, update or delete in Zabbix on an operator's request, through the normal job path (one
 * job in flight per host, the settle window, results and retries as for any change):
 * - create / update re-read the object from NetBox (with NETBOX_URL), plan it, and send a job even when
 *   nothing changed, so a host that drifted in Zabbix is mended (the writer leaves a matching host alone);
 * - delete requests the host's removal: a DeleteZabbixHost job (archive or delete, per `delete_setting`).
 *   The NetBox object still exists, so its next change or a sync brings the host back; to keep it out of
 *   Zabbix, exclude it in NetBox.
 */
@Injectable()
export class HostConfigActionsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly hosts: HostSyncService,
    private readonly netbox: NetboxStateService,
    private readonly planner: NextJobPlanner,
    private readonly publication: JobPublication,
  ) {}

  /** Brings a NetBox device or VM into Zabbix now: reads it from NetBox, plans it, sends its job. */
  async create(
    objectType: NetboxHostObjectType,
    objectId: number,
    username: string | null,
  ): Promise<HostJobStarted> {
    if (!this.netbox.enabled) {
      throw new ConflictException('host configs come from NetBox: this needs NETBOX_URL');
    }
    const origin: JobOrigin = { correlationId: `api:${randomUUID()}`, username };
    const state = await this.netbox.current(objectType, objectId);
    if (!state.found)
      throw fieldProblems([{ field: 'objectId', message: `NetBox has no ${objectType} ${objectId}` }]);
    const { change } = await this.hosts.planChange({ objectType, state });
    if (change.kind !== 'desired') {
      throw new ConflictException(`${objectType} ${objectId} is not monitored: ${change.reason}`);
    }
    await this.converge(objectType, objectId, origin);
    const host = await new HostConfigCatalogRepository(this.dataSource.manager).findByObject(
      objectType,
      objectId,
    );
    if (!host) throw new ConflictException(`${objectType} ${objectId} was not planned`);
    return this.send(host.id, origin);
  }

  async act(id: number, action: HostAction, username: string | null): Promise<HostJobStarted> {
    const origin: JobOrigin = { correlationId: `api:${randomUUID()}`, username };
    const host = await this.find(id);
    switch (action) {
      case 'create':
        if (host.hostid !== null) {
          throw new ConflictException(
            `host config ${id} is in Zabbix already (host ${host.hostid}): update it`,
          );
        }
        break;
      case 'update':
        if (host.hostid === null)
          throw new ConflictException(`host config ${id} is not in Zabbix yet: create it`);
        break;
      case 'delete':
        return this.remove(id, origin);
    }
    if (host.removalRequestedAt !== null) {
      throw new ConflictException(
        `host config ${id} is being removed (${host.removalRequestedAt.toISOString()})`,
      );
    }
    if (this.netbox.enabled) await this.converge(host.objectType, host.objectId, origin);
    return this.send(id, origin);
  }

  private async converge(
    objectType: NetboxHostObjectType,
    objectId: number,
    origin: JobOrigin,
  ): Promise<void> {
    const state = await this.netbox.current(objectType, objectId);
    const [error] = await this.hosts.convergeMany([{ objectType, objectId, state, origin }]);
    if (error) throw new ConflictException(error.message);
  }

  /**
   * The host's job: the one in flight (a change just planned, or earlier), or a new one carrying its current
   * desired state.
   */
  private async send(id: number, origin: JobOrigin): Promise<HostJobStarted> {
    const planned = await this.dataSource.transaction(async (manager): Promise<Job | null | string> => {
      const host = await new HostConfigRepository(manager).lockById(id);
      if (!host) throw new NotFoundException(`no host config ${id}`);
      if (host.activeJobId !== null) return host.activeJobId;
      if (!host.desiredState) throw new ConflictException(`host config ${id} has no desired state yet`);
      if (host.removalRequestedAt !== null) {
        throw new ConflictException(
          `${host.objectType}:${host.objectId} is gone from NetBox or excluded: its removal is requested`,
        );
      }
      host.failedAttempts = 0;
      return this.planner.planNext(manager, host, host.desiredRevision - 1, origin);
    });
    if (planned !== null && typeof planned !== 'string') await this.publication.publish(planned);
    const jobId = planned === null ? null : typeof planned === 'string' ? planned : planned.id;
    return { jobId, hostConfig: await this.summary(id) };
  }

  private async remove(id: number, origin: JobOrigin): Promise<HostJobStarted> {
    const job = await this.dataSource.transaction(async (manager): Promise<Job | null> => {
      const host = await new HostConfigRepository(manager).lockById(id);
      if (!host) throw new NotFoundException(`no host config ${id}`);
      if (host.activeJobId !== null) {
        throw new ConflictException(
          `job ${host.activeJobId} of this host is in flight: delete it once that ended`,
        );
      }
      if (host.removalRequestedAt === null) {
        host.removalRequestedAt = new Date();
        host.desiredRevision += 1;
      }
      host.failedAttempts = 0;
      host.inSync = false;
      host.lastChangeAt = new Date();
      host.lastCorrelationId = origin.correlationId;
      return this.planner.planNext(manager, host, host.desiredRevision - 1, origin);
    });
    if (job) await this.publication.publish(job);
    return { jobId: job?.id ?? null, hostConfig: await this.summary(id) };
  }

  private async find(id: number): Promise<HostConfig> {
    const host = await new HostConfigCatalogRepository(this.dataSource.manager).findDetail(id);
    if (!host) throw new NotFoundException(`no host config ${id}`);
    return host;
  }

  private async summary(id: number): Promise<HostJobStarted['hostConfig']> {
    const host = await new HostConfigCatalogRepository(this.dataSource.manager).findDetail(id);
    return host ? hostConfigSummary(host) : null;
  }
}
