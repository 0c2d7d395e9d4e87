import { Inject, Injectable } from '@nestjs/common';
import { SecretBox } from '@lib/config';
import {
  hostSecretsProblems,
  PermanentError,
  type HostSecrets,
  jobSecretsContext,
  joinHostSecrets,
  type HostUpsertJobPayload,
} from '@lib/contracts';

/**
 * Opens a job's sealed secrets (PSK, SNMP community and passphrases) just before the Zabbix call: the
 * desired host the writer works with has them in clear, the message never did. A job that cannot be opened
 * (a key the writer does not have, an altered message) fails for good: retrying cannot mend it.
 */
@Injectable()
export class JobSecrets {
  constructor(@Inject(SecretBox) private readonly box: SecretBox) {}

  open(job: HostUpsertJobPayload): HostUpsertJobPayload {
    if (job.sealedSecrets === undefined) return job;
    let plain: unknown;
    try {
      plain = JSON.parse(this.box.open(job.sealedSecrets, jobSecretsContext(job.jobId)));
    } catch (error) {
      throw new PermanentError(
        `job secrets do not open: ${error instanceof Error ? error.message : 'unreadable'}`,
      );
    }
    const problems = hostSecretsProblems(plain);
    if (problems.length > 0) throw new PermanentError(`job secrets are invalid: ${problems.join(', ')}`);
    const { sealedSecrets: _sealed, ...rest } = job;
    return { ...rest, desired: joinHostSecrets(job.desired, plain as HostSecrets) };
  }
}
