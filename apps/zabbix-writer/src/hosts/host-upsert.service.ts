import { Injectable, Logger } from '@nestjs/common';
import { type HostUpsertJobPayload } from '@lib/contracts';
import {
  ZabbixAlreadyExistsError,
  ZabbixApiError,
  ZabbixClient,
  ZabbixUnavailableError,
  type ZabbixHost,
  type ZabbixHostUpdate,
} from '@lib/clients';
import { type JobLog } from '../jobs/job-log';
import { foundHostOperation, type FoundBy } from './domain/archive-mark';
import { partitionByName, splitInHalves } from './domain/create-batch-plan';
import { splitTwins } from './domain/duplicate-hosts';
import { changedPartsOf, hostChanges, type HostChange } from './domain/host-changes';
import { buildHostFields, buildHostUpdate, type ResolvedReferences } from './domain/host-fields';
import { identityTag, ownershipOf } from './domain/host-identity';
import { HostIdentityConflictError } from './domain/host-identity-conflict.error';
import { type HostJobOutcome } from './domain/host-job-outcome';
import { HostLookupService } from './host-lookup.service';
import { HostReferencesService } from './host-references.service';

/**
 * How long a host.create whose answer never came (a timeout: Zabbix may have gone on and committed it) is
 * looked for by identity before its jobs are retried, and how often. A retry while the first create is
 * still running in Zabbix would make a second host: Zabbix checks names in PHP, not atomically.
 */
const UNKNOWN_CREATE_WAIT_MS = 60_000;
const UNKNOWN_CREATE_POLL_MS = 1_000;

/** One upsert job of a batch, with the log of its attempt. */
export interface UpsertRequest {
  readonly job: HostUpsertJobPayload;
  readonly log: JobLog;
}

/** How one job of a batch ended: each job is acked, retried or dead-lettered on its own. */
export type JobSettlement =
  { readonly ok: true; readonly outcome: HostJobOutcome } | { readonly ok: false; readonly error: unknown };

interface Create {
  readonly request: UpsertRequest;
  readonly references: ResolvedReferences;
}

/** A found host that differs from its desired state: the parts to write, and the outcome once written. */
interface Update {
  readonly request: UpsertRequest;
  readonly existing: ZabbixHost;
  readonly references: ResolvedReferences;
  readonly change: ZabbixHostUpdate;
  readonly outcome: HostJobOutcome;
}

/** What a found host needs: nothing (as desired, or compare-only), or an update. */
type UpdateDecision =
  | { readonly write: false; readonly outcome: HostJobOutcome }
  | { readonly write: true; readonly update: Update };

/**
 * CreateZabbixHost / UpdateZabbixHost: brings Zabbix hosts to their desired state, whichever of the two a job
 * says, a batch of jobs at a time. Found by id or by its identity tag → `updated`, or `restored` when it is
 * the object's archived host (soft-deleted: it carries the archive mark; name, status, groups, tags and
 * the rest are brought back, the hostid and history kept); found by name with no
 * identity (made by hand) → `adopted`; found by name but owned by another NetBox object →
 * HostIdentityConflictError, the host is left alone; not found → `created`; a create that loses a race to
 * another writer → `adopted` (Zabbix may even accept both creates: then every writer keeps the host with the
 * smallest id). Several hosts carrying the object's identity (a create that timed out on our side but went
 * on in Zabbix, then retried): the oldest is kept, the others deleted. Every host written carries the
 * object's identity tag. Idempotent: running it again converges.
 *
 * A batch costs: references (cached) and the look-up in a few calls whatever its size (HostReferencesService,
 * HostLookupService); the creates in one host.create array, split in halves when Zabbix rejects it until
 * the host it rejects is alone; one host.get by name to see concurrent twins; the updates in one host.update
 * array too, each host with only the parts that differ from its desired state (hosts already as desired are
 * skipped), split the same way around a host Zabbix rejects. host.update takes each host's own interfaces,
 * tags (the identity tag among them), inventory and templates to clear; host.massupdate would set one value
 * on all, which fits none of these, and would not save a call.
 */
@Injectable()
export class HostUpsertService {
  private readonly logger = new Logger(HostUpsertService.name);

  constructor(
    private readonly zabbix: ZabbixClient,
    private readonly references: HostReferencesService,
    private readonly lookup: HostLookupService,
  ) {}

  async upsert(job: HostUpsertJobPayload, log: JobLog): Promise<HostJobOutcome> {
    const [settlement] = await this.upsertAll([{ job, log }]);
    if (!settlement) throw new Error(`no outcome for job ${job.jobId}`);
    if (!settlement.ok) throw settlement.error;
    return settlement.outcome;
  }

  /**
   * One settlement per request, in order. Jobs for an object or a name already in the batch (a redelivery,
   * two objects sharing a name) run after it, one by one, so they find the host it made.
   */
  async upsertAll(requests: readonly UpsertRequest[]): Promise<JobSettlement[]> {
    const indexed = requests.map((request, index) => ({ request, index }));
    const byKey = partitionByName(indexed, ({ request }) => request.job.hostKey);
    const byName = partitionByName(byKey.unique, ({ request }) => request.job.desired.host);
    const settlements: JobSettlement[] = [];
    const first = byName.unique;
    const batch = await this.runBatch(first.map(({ request }) => request));
    first.forEach(({ index }, position) => (settlements[index] = batch[position] ?? missing()));
    for (const { request, index } of [...byKey.repeats, ...byName.repeats]) {
      settlements[index] = (await this.runBatch([request]))[0] ?? missing();
    }
    return settlements;
  }

  /** A failure of the batch's shared calls (Zabbix unreachable) is every job's failure. */
  private async runBatch(requests: readonly UpsertRequest[]): Promise<JobSettlement[]> {
    if (requests.length === 0) return [];
    try {
      const [resolutions, locations] = await Promise.all([
        this.references.resolveAll(requests.map(({ job }) => job.desired)),
        this.lookup.locateAll(
          requests.map(({ job }) => ({
            hostKey: job.hostKey,
            hostid: job.hostid,
            technicalName: job.desired.host,
          })),
        ),
      ]);
      const creates: { readonly position: number; readonly create: Create }[] = [];
      const updates: { readonly position: number; readonly update: Update }[] = [];
      const twinids: string[] = [];
      const settlements = requests.map((request, position): JobSettlement | undefined => {
        const resolution = resolutions[position];
        const location = locations[position];
        if (!resolution || !location) return missing();
        if (!resolution.ok) return { ok: false, error: resolution.error };
        switch (location.kind) {
          case 'foreign': {
            const { host, owner } = location;
            const error = new HostIdentityConflictError(request.job.hostKey, host.hostid, host.host, owner);
            return { ok: false, error };
          }
          case 'found': {
            const { host, foundBy, twins = [] } = location;
            if (twins.length > 0 && !request.job.checkOnly) {
              const ids = twins.map((twin) => twin.hostid);
              request.log.warn(
                `hosts ${ids.join(', ')} carry this object's identity too (twins of an earlier create that ` +
                  `timed out and was retried); keeping ${host.hostid}, deleting them`,
              );
              twinids.push(...ids);
            }
            const decision = this.decideUpdate(host, foundBy, request, resolution.references);
            if (!decision.write) return { ok: true, outcome: decision.outcome };
            updates.push({ position, update: decision.update });
            return undefined;
          }
          case 'none':
            if (request.job.checkOnly)
              return { ok: true, outcome: { operation: 'checked', differences: ['missing'] } };
            creates.push({ position, create: { request, references: resolution.references } });
            return undefined;
        }
      });
      // Before the updates: a twin may hold the name the kept host is renamed back to.
      if (twinids.length > 0) await this.deleteIfStillThere(twinids);
      const [created, updated] = await Promise.all([
        this.createAll(creates.map(({ create }) => create)),
        this.updateAll(updates.map(({ update }) => update)),
      ]);
      creates.forEach(({ position }, index) => (settlements[position] = created[index] ?? missing()));
      updates.forEach(({ position }, index) => (settlements[position] = updated[index] ?? missing()));
      return settlements.map((settlement) => settlement ?? missing());
    } catch (error) {
      return requests.map(() => ({ ok: false, error }));
    }
  }

  private decideUpdate(
    host: ZabbixHost,
    foundBy: FoundBy,
    request: UpsertRequest,
    references: ResolvedReferences,
  ): UpdateDecision {
    const { job, log } = request;
    if (foundBy === 'name') log.log(`adopting host ${host.hostid} "${host.host}" found by name`);
    if (foundBy === 'identity' && job.hostid !== undefined && job.hostid !== host.hostid) {
      log.warn(`host ${job.hostid} is gone; found this object's host ${host.hostid} by its identity tag`);
    }
    const operation = foundHostOperation(foundBy, host.tags, job.checkOnly === true);
    if (operation === 'restored') {
      log.log(
        `restoring archived host ${host.hostid} "${host.host}" from the graveyard as "${job.desired.host}"`,
      );
    }
    const { change, changes } = this.plannedUpdate(host, job, references, log);
    const outcome: HostJobOutcome = { operation, hostid: host.hostid, differences: changes };
    if (!change) return { write: false, outcome };
    return { write: true, update: { request, existing: host, references, change, outcome } };
  }

  /**
   * The updates in one host.update array. Zabbix updates all or none: when it rejects the array, each half
   * is sent again, until the host it rejects is alone and fails (or is tried once more with fresh ids).
   */
  private async updateAll(updates: readonly Update[]): Promise<JobSettlement[]> {
    if (updates.length === 0) return [];
    try {
      await this.zabbix.updateHosts(updates.map(({ change }) => change));
      return updates.map(({ outcome }) => ({ ok: true, outcome }));
    } catch (error) {
      if (!(error instanceof ZabbixApiError)) return updates.map(() => ({ ok: false, error }));
      const [only] = updates;
      if (updates.length === 1 && only) {
        return [await settle(this.afterRejectedUpdate(only, error).then(() => only.outcome))];
      }
      this.logger.warn(`host.update of ${updates.length} hosts rejected (${error.data}); splitting it`);
      const [left, right] = splitInHalves(updates);
      return (await Promise.all([this.updateAll(left), this.updateAll(right)])).flat();
    }
  }

  /** One host Zabbix would not update: once more with fresh ids when the rejected ones came from the cache. */
  private async afterRejectedUpdate(
    { request, existing, references }: Pick<Update, 'request' | 'existing' | 'references'>,
    error: ZabbixApiError,
  ): Promise<void> {
    const { job, log } = request;
    if (error instanceof ZabbixAlreadyExistsError) throw error;
    const fresh = await this.freshReferences(job, references);
    if (!fresh) throw error;
    log.warn(`host.update rejected with cached ids (${error.data}); trying once more with fresh ones`);
    await this.zabbix.updateHost(buildHostUpdate(existing, job.desired, fresh, job.hostKey));
  }

  /**
   * The creates in one host.create array. Zabbix creates all or none: when it rejects the array, each half
   * is sent again, until the host it rejects is alone and fails (or, for a name that exists, is adopted).
   */
  private async createAll(creates: readonly Create[]): Promise<JobSettlement[]> {
    if (creates.length === 0) return [];
    let hostids: string[];
    try {
      hostids = await this.zabbix.createHosts(
        creates.map(({ request, references }) =>
          buildHostFields(request.job.desired, references, request.job.hostKey),
        ),
      );
    } catch (error) {
      if (outcomeUnknown(error)) return this.afterUnknownCreate(creates, error);
      if (!(error instanceof ZabbixApiError)) return creates.map(() => ({ ok: false, error }));
      const [only] = creates;
      if (creates.length === 1 && only) return [await settle(this.afterRejectedCreate(only, error))];
      this.logger.warn(`host.create of ${creates.length} hosts rejected (${error.data}); splitting it`);
      const [left, right] = splitInHalves(creates);
      return (await Promise.all([this.createAll(left), this.createAll(right)])).flat();
    }
    try {
      const namesakes = await this.zabbix.getHostsByTechnicalNames(
        creates.map(({ request }) => request.job.desired.host),
      );
      return await Promise.all(
        creates.map(({ request, references }, index) =>
          settle(
            this.settleConcurrentCreates(
              hostids[index] ?? '',
              request,
              references,
              namesakes.filter((host) => host.host === request.job.desired.host),
            ),
          ),
        ),
      );
    } catch (error) {
      return creates.map(() => ({ ok: false, error }));
    }
  }

  /**
   * A host.create that timed out: Zabbix may still be creating the hosts. Each is looked for by its identity
   * tag while Zabbix answers, up to UNKNOWN_CREATE_WAIT_MS; a host that appears is `created` (one create is
   * one transaction in Zabbix: it is complete), the others fail with the timeout and are retried.
   */
  private async afterUnknownCreate(creates: readonly Create[], error: unknown): Promise<JobSettlement[]> {
    const found = new Map<string, ZabbixHost>();
    const tags = creates.map(({ request }) => identityTag(request.job.hostKey));
    const deadline = Date.now() + UNKNOWN_CREATE_WAIT_MS;
    this.logger.warn(
      `host.create of ${creates.length} hosts got no answer; looking for them by identity before retrying`,
    );
    while (found.size < creates.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, UNKNOWN_CREATE_POLL_MS));
      let hosts: ZabbixHost[];
      try {
        hosts = await this.zabbix.getHostsByAnyTag(tags);
      } catch {
        break; // Zabbix is not answering now: the jobs are retried once it does (and find what it made).
      }
      for (const { request } of creates) {
        const { hostKey } = request.job;
        const host = hosts.find((candidate) => ownershipOf(candidate.tags, hostKey).kind === 'ours');
        if (host && !found.has(hostKey)) found.set(hostKey, host);
      }
    }
    return creates.map(({ request }): JobSettlement => {
      const host = found.get(request.job.hostKey);
      if (!host) return { ok: false, error };
      request.log.warn(`host.create got no answer, but Zabbix made host ${host.hostid}; taking it`);
      return { ok: true, outcome: { operation: 'created', hostid: host.hostid } };
    });
  }

  /** One host Zabbix would not create: adopt it when it exists meanwhile, retry once when ids were stale. */
  private async afterRejectedCreate(
    { request, references }: Create,
    error: ZabbixApiError,
  ): Promise<HostJobOutcome> {
    const { job, log } = request;
    const { desired, hostKey } = job;
    if (error instanceof ZabbixAlreadyExistsError) {
      // Another writer (or a person) created it meanwhile; a clash of the visible name alone stays an error.
      const [existing] = await this.zabbix.getHostsByTechnicalNames([desired.host]);
      if (!existing) throw error;
      const ownership = ownershipOf(existing.tags, hostKey);
      if (ownership.kind === 'foreign') {
        throw new HostIdentityConflictError(hostKey, existing.hostid, existing.host, ownership.owner);
      }
      log.warn(`host "${desired.host}" appeared while creating it; adopting ${existing.hostid}`);
      await this.update(existing, job, references, log);
      return { operation: 'adopted', hostid: existing.hostid };
    }
    const fresh = await this.freshReferences(job, references);
    if (!fresh) throw error;
    log.warn(`host.create rejected with cached ids (${error.data}); trying once more with fresh ones`);
    const [hostid] = await this.zabbix.createHosts([buildHostFields(desired, fresh, hostKey)]);
    const namesakes = await this.zabbix.getHostsByTechnicalNames([desired.host]);
    return this.settleConcurrentCreates(hostid ?? '', request, fresh, namesakes);
  }

  /** After Zabbix rejected ids that came from the cache: the ids read afresh, when they differ. */
  private async freshReferences(
    job: HostUpsertJobPayload,
    used: ResolvedReferences,
  ): Promise<ResolvedReferences | undefined> {
    if (!this.references.caching) return undefined;
    this.references.invalidate();
    const fresh = await this.references.resolve(job.desired);
    return JSON.stringify(fresh) === JSON.stringify(used) ? undefined : fresh;
  }

  /** After a create: if another writer created the same host at the same moment, keep one (the oldest). */
  private async settleConcurrentCreates(
    hostid: string,
    { job, log }: UpsertRequest,
    references: ResolvedReferences,
    namesakes: readonly ZabbixHost[],
  ): Promise<HostJobOutcome> {
    const { desired, hostKey } = job;
    const twins = splitTwins(namesakes.filter((host) => ownershipOf(host.tags, hostKey).kind === 'ours'));
    if (!twins || twins.extras.length === 0) return { operation: 'created', hostid };
    const extraids = twins.extras.map((extra) => extra.hostid);
    log.warn(
      `"${desired.host}" was created concurrently (hosts ${[twins.keeper.hostid, ...extraids].join(', ')}); ` +
        `keeping ${twins.keeper.hostid}`,
    );
    await this.deleteIfStillThere(extraids);
    if (twins.keeper.hostid === hostid) return { operation: 'created', hostid };
    await this.update(twins.keeper, job, references, log);
    return { operation: 'adopted', hostid: twins.keeper.hostid };
  }

  /** The other writer may be deleting the same duplicates: only what still exists is deleted. */
  private async deleteIfStillThere(hostids: readonly string[]): Promise<void> {
    try {
      await this.zabbix.deleteHosts(hostids);
    } catch (error) {
      if (!(error instanceof ZabbixApiError)) throw error;
      const remaining = await this.zabbix.getHostsByIds(hostids);
      await this.zabbix.deleteHosts(remaining.map((host) => host.hostid));
    }
  }

  /**
   * The host.update bringing `existing` to the job's desired state, cut to the parts that differ; none when
   * it already is as desired or the job only compares. Logs renames and cleared templates.
   */
  private plannedUpdate(
    existing: ZabbixHost,
    job: HostUpsertJobPayload,
    references: ResolvedReferences,
    log: JobLog,
  ): { readonly change?: ZabbixHostUpdate; readonly changes: HostChange[] } {
    const { desired } = job;
    const update = buildHostUpdate(existing, desired, references, job.hostKey);
    const changes = hostChanges(existing, update);
    if (changes.length === 0) {
      log.debug(`host ${existing.hostid} is already as desired; nothing to write`);
      return { changes };
    }
    if (job.checkOnly) {
      log.log(`host ${existing.hostid} differs from its desired state: ${changes.join(', ')}`);
      return { changes };
    }
    if (existing.host !== desired.host) log.log(`renaming "${existing.host}" to "${desired.host}"`);
    if (update.templateidsToClear && update.templateidsToClear.length > 0) {
      log.log(`clearing templates ${update.templateidsToClear.join(', ')}`);
    }
    return { change: changedPartsOf(update, changes), changes };
  }

  /**
   * One host on its own (adopted after a lost create race): host.update of the parts that differ, once more
   * with fresh ids if stale. Returns what differed.
   */
  private async update(
    existing: ZabbixHost,
    job: HostUpsertJobPayload,
    references: ResolvedReferences,
    log: JobLog,
  ): Promise<HostChange[]> {
    const { change, changes } = this.plannedUpdate(existing, job, references, log);
    if (!change) return changes;
    try {
      await this.zabbix.updateHost(change);
    } catch (error) {
      if (!(error instanceof ZabbixApiError)) throw error;
      await this.afterRejectedUpdate({ request: { job, log }, existing, references }, error);
    }
    return changes;
  }
}

/** The call may have done its work: Zabbix got it and did not answer in time (nginx's 504 too). */
function outcomeUnknown(error: unknown): boolean {
  return (
    error instanceof ZabbixUnavailableError &&
    (error.reason === 'timeout' || (error.reason === 'http-status' && error.status === 504))
  );
}

async function settle(work: Promise<HostJobOutcome>): Promise<JobSettlement> {
  try {
    return { ok: true, outcome: await work };
  } catch (error) {
    return { ok: false, error };
  }
}

function missing(): JobSettlement {
  return { ok: false, error: new Error('the batch lost track of this job') };
}
