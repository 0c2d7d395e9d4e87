import { Injectable } from '@nestjs/common';
import {
  PermanentError,
  type HostCheckJobPayload,
  type HostCheckOutcome,
  type HostUpsertJobPayload,
} from '@lib/contracts';
import { describeError } from '../jobs/domain/job-result';
import { type JobLog } from '../jobs/job-log';
import { type HostJobOutcome } from './domain/host-job-outcome';
import { JobSecrets } from '../jobs/job-secrets.service';
import { HostUpsertService, type JobSettlement } from './host-upsert.service';

/**
 * CheckZabbixHosts (HostConfigSyncRefresh): compares a batch of hosts with their desired states through the
 * upsert path's compare-only mode (one batch of look-ups for all of them), writes nothing, and reports how
 * each host compared. A host that cannot be compared for good (it belongs to another NetBox object) is
 * reported with its error; any other failure (Zabbix unreachable, a timeout) fails the whole check, which
 * is retried (reading again is harmless).
 */
@Injectable()
export class HostCheckService {
  constructor(
    private readonly upserts: HostUpsertService,
    private readonly secrets: JobSecrets,
  ) {}

  async checkAll(job: HostCheckJobPayload, log: JobLog): Promise<HostJobOutcome> {
    // A host whose secrets do not open is reported alone; the others are compared together.
    const opened = job.hosts.map((host): HostUpsertJobPayload | PermanentError => {
      const upsert: HostUpsertJobPayload = {
        jobId: job.jobId,
        kind: 'UpdateZabbixHost',
        hostKey: host.hostKey,
        revision: host.revision,
        ...(host.hostid === undefined ? {} : { hostid: host.hostid }),
        desired: host.desired,
        ...(host.sealedSecrets === undefined ? {} : { sealedSecrets: host.sealedSecrets }),
        checkOnly: true,
      };
      try {
        return this.secrets.open(upsert);
      } catch (error) {
        if (error instanceof PermanentError) return error;
        throw error;
      }
    });
    const readable = opened.filter((host): host is HostUpsertJobPayload => !(host instanceof PermanentError));
    const compared = await this.upserts.upsertAll(readable.map((upsert) => ({ job: upsert, log })));
    let next = 0;
    const settlements = opened.map((host): JobSettlement | undefined =>
      host instanceof PermanentError ? { ok: false, error: host } : compared[next++],
    );
    const checks = job.hosts.map(({ hostKey }, index): HostCheckOutcome => {
      const settlement = settlements[index];
      if (!settlement) throw new Error(`no outcome for ${hostKey} of check ${job.jobId}`);
      if (!settlement.ok) {
        if (!(settlement.error instanceof PermanentError)) throw settlement.error;
        return { hostKey, error: describeError(settlement.error) };
      }
      const { hostid, differences } = settlement.outcome;
      return { hostKey, ...(hostid === undefined ? {} : { hostid }), differences: [...(differences ?? [])] };
    });
    const differing = checks.filter((check) => check.error !== undefined || check.differences?.length);
    log.log(`checked ${checks.length} host(s), ${differing.length} differ or failed`);
    return { operation: 'checked', checks };
  }
}
