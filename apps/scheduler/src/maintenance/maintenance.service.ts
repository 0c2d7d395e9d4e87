import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { type MaintenanceJobKind } from '@lib/contracts';
import { JobRepository, Maintenance, MaintenanceRepository, type Job } from '@lib/models';
import { type CreateMaintenanceDto } from '../http/create-maintenance.dto';
import { type UpdateMaintenanceDto } from '../http/update-maintenance.dto';
import { JobPublication } from '../jobs/job-publication.service';
import { hasTargets, TARGET_FIELDS, type MaintenanceTargets } from './domain/maintenance-targets';
import { windowProblems, type FieldProblem } from './domain/maintenance-window';
import { maintenanceJob } from './maintenance-job.factory';
import { isJobInFlight, maintenanceView, type MaintenanceView } from './maintenance-view';

export interface MaintenanceAccepted {
  readonly maintenance: MaintenanceView;
  readonly jobId: string;
}

export interface MaintenancePage {
  readonly items: MaintenanceView[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

const NO_TARGETS: MaintenanceTargets = {
  hostConfigs: [],
  sites: [],
  clusters: [],
  hostGroups: [],
  proxies: [],
  proxyGroups: [],
};

const UNIQUE_VIOLATION = '23505';

/** A 400 in the API's shape: each bad field in `fields`, what is wrong in `message`. */
function badRequest(problems: readonly FieldProblem[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: problems.map((problem) => `${problem.field}: ${problem.message}`),
    fields: [...new Set(problems.map((problem) => problem.field))],
  });
}

function targetsOf(
  body: CreateMaintenanceDto | UpdateMaintenanceDto,
  current: MaintenanceTargets,
): MaintenanceTargets {
  const pick = (field: (typeof TARGET_FIELDS)[number]): number[] =>
    [...new Set(body[field] ?? current[field])].sort((left, right) => left - right);
  return {
    hostConfigs: pick('hostConfigs'),
    sites: pick('sites'),
    clusters: pick('clusters'),
    hostGroups: pick('hostGroups'),
    proxies: pick('proxies'),
    proxyGroups: pick('proxyGroups'),
  };
}

/**
 * Creates, changes and deletes maintenances. Each change is checked (window, targets, unique name), stored
 * with a job row in one transaction, and the job is published after commit (the outbox republishes it if
 * that fails). One job per maintenance at a time: a change while the last one is pending or running is
 * refused with 409. The targets are resolved to Zabbix host ids when the job is made; none → 400, since
 * Zabbix cannot hold a maintenance without hosts.
 */
@Injectable()
export class MaintenanceService {
  private readonly logger = new Logger(MaintenanceService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly publication: JobPublication,
  ) {}

  async list(limit: number, offset: number): Promise<MaintenancePage> {
    const now = new Date();
    const { records, total } = await new MaintenanceRepository(this.dataSource.manager).page(limit, offset);
    return { items: records.map((record) => maintenanceView(record, now)), total, limit, offset };
  }

  async get(id: number): Promise<MaintenanceView> {
    const record = await new MaintenanceRepository(this.dataSource.manager).findRecord(id);
    if (!record) throw new NotFoundException(`no maintenance ${id}`);
    return maintenanceView(record, new Date());
  }

  async create(body: CreateMaintenanceDto, username: string | null): Promise<MaintenanceAccepted> {
    const now = new Date();
    const job = await this.write(async (manager) => {
      const maintenances = new MaintenanceRepository(manager);
      const maintenance = new Maintenance();
      maintenance.name = body.name;
      maintenance.description = body.description ?? '';
      maintenance.startTime = body.startTime === undefined ? now : new Date(body.startTime);
      maintenance.endTime = new Date(body.endTime);
      maintenance.disableDataCollection = body.disableDataCollection ?? false;
      maintenance.zabbixId = null;
      maintenance.status = 'pending';
      maintenance.revision = 1;
      const targets = targetsOf(body, NO_TARGETS);
      const hostids = await this.check(maintenances, maintenance, targets, null, now);
      await maintenances.saveWithTargets(maintenance, targets);
      return this.addJob(manager, maintenance, 'CreateZabbixMaintenance', hostids, username);
    });
    return this.accepted(job);
  }

  async update(
    id: number,
    body: UpdateMaintenanceDto,
    username: string | null,
  ): Promise<MaintenanceAccepted> {
    const now = new Date();
    const job = await this.write(async (manager) => {
      const maintenances = new MaintenanceRepository(manager);
      const maintenance = await this.lockIdle(maintenances, id);
      const current = await maintenances.findRecord(id);
      maintenance.name = body.name ?? maintenance.name;
      maintenance.description = body.description ?? maintenance.description;
      maintenance.startTime = body.startTime === undefined ? maintenance.startTime : new Date(body.startTime);
      maintenance.endTime = body.endTime === undefined ? maintenance.endTime : new Date(body.endTime);
      maintenance.disableDataCollection = body.disableDataCollection ?? maintenance.disableDataCollection;
      maintenance.deleteRequestedAt = null;
      maintenance.revision += 1;
      const targets = targetsOf(body, current?.targets ?? NO_TARGETS);
      const hostids = await this.check(maintenances, maintenance, targets, id, now);
      await maintenances.saveWithTargets(maintenance, targets);
      const kind = maintenance.zabbixId === null ? 'CreateZabbixMaintenance' : 'UpdateZabbixMaintenance';
      return this.addJob(manager, maintenance, kind, hostids, username);
    });
    return this.accepted(job);
  }

  /** The row stays (`deleteRequested`) until the delete job succeeds; a failed delete can be sent again. */
  async delete(id: number, username: string | null): Promise<MaintenanceAccepted> {
    const job = await this.write(async (manager) => {
      const maintenances = new MaintenanceRepository(manager);
      const maintenance = await this.lockIdle(maintenances, id);
      maintenance.deleteRequestedAt = new Date();
      maintenance.revision += 1;
      await maintenances.save(maintenance);
      return this.addJob(manager, maintenance, 'DeleteZabbixMaintenance', [], username);
    });
    return this.accepted(job);
  }

  private async write(change: (manager: EntityManager) => Promise<Job>): Promise<Job> {
    try {
      const job = await this.dataSource.transaction(change);
      await this.publication.publish(job);
      this.logger.log(`${job.name} → job ${job.id}`);
      return job;
    } catch (error) {
      // Two requests raced for one name: the second gets what the check would have told it.
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      ) {
        throw badRequest([{ field: 'name', message: 'another maintenance has this name' }]);
      }
      throw error;
    }
  }

  private async accepted(job: Job): Promise<MaintenanceAccepted> {
    const id = Number(job.payload.maintenanceId);
    return { maintenance: await this.get(id), jobId: job.id };
  }

  private async lockIdle(maintenances: MaintenanceRepository, id: number): Promise<Maintenance> {
    const maintenance = await maintenances.lockById(id);
    const record = maintenance ? await maintenances.findRecord(id) : null;
    if (!maintenance || !record) throw new NotFoundException(`no maintenance ${id}`);
    if (isJobInFlight(record)) {
      throw new ConflictException(
        `maintenance ${id} has a job in flight (${maintenance.lastJobId}); try again when it has ended`,
      );
    }
    return maintenance;
  }

  /** Every problem at once (400), else the Zabbix host ids the targets resolve to. */
  private async check(
    maintenances: MaintenanceRepository,
    maintenance: Maintenance,
    targets: MaintenanceTargets,
    id: number | null,
    now: Date,
  ): Promise<string[]> {
    const problems: FieldProblem[] = [...windowProblems(maintenance.startTime, maintenance.endTime, now)];
    const holder = await maintenances.findIdByName(maintenance.name);
    if (holder !== null && holder !== id) {
      problems.push({
        field: 'name',
        message: `maintenance ${holder} has this name (Zabbix needs unique names)`,
      });
    }
    if (!hasTargets(targets)) {
      problems.push({ field: 'targets', message: `give at least one of ${TARGET_FIELDS.join(', ')}` });
    }
    const unknown = await maintenances.unknownTargetIds(targets);
    for (const [field, ids] of Object.entries(unknown) as [string, number[]][]) {
      if (ids.length > 0) problems.push({ field, message: `unknown ids ${ids.join(', ')}` });
    }
    if (problems.length > 0) throw badRequest(problems);
    const hostids = await maintenances.resolveTargetHostids(targets);
    if (hostids.length === 0) {
      throw badRequest([
        {
          field: 'targets',
          message:
            'none of the targets has a host in Zabbix, and Zabbix cannot hold a maintenance without hosts',
        },
      ]);
    }
    return hostids;
  }

  private async addJob(
    manager: EntityManager,
    maintenance: Maintenance,
    kind: MaintenanceJobKind,
    hostids: readonly string[],
    username: string | null,
  ): Promise<Job> {
    const job = maintenanceJob(kind, maintenance, hostids, username);
    await new JobRepository(manager).insertMany([job]);
    maintenance.lastJobId = job.id;
    await new MaintenanceRepository(manager).save(maintenance);
    return job;
  }
}
