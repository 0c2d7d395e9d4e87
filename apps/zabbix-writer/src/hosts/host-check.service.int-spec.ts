import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { loadSecretBox } from '@lib/config';
import {
  HOST_CHECK_JOB_KIND,
  hostCheckKey,
  type DesiredHost,
  type HostCheckJobPayload,
} from '@lib/contracts';
import { type ZabbixClient } from '@lib/clients';
import {
  buildDesiredHost,
  buildUpsertJob,
  cleanupZabbixByPrefix,
  createZabbixTestClient,
  hostKeyFor,
  uniqueZabbixTestPrefix,
} from '@lib/testing';
import { upsertJobIdentity } from '../jobs/domain/job-result';
import { JobLog } from '../jobs/job-log';
import { JobSecrets } from '../jobs/job-secrets.service';
import { HostCheckService } from './host-check.service';
import { HostLookupService } from './host-lookup.service';
import { HostReferencesService } from './host-references.service';
import { HostUpsertService } from './host-upsert.service';

/** A real Zabbix on a busy 2-core machine can take longer than Jest's 5 s default. */
jest.setTimeout(60_000);

/** Batch checks against the real Zabbix API: compared in one batch of look-ups, nothing written. */
describe(HostCheckService.name, () => {
  const prefix = uniqueZabbixTestPrefix();
  let zabbix: ZabbixClient;
  let upserts: HostUpsertService;
  let service: HostCheckService;

  function logOf(job: HostCheckJobPayload): JobLog {
    const identity = {
      jobId: job.jobId,
      kind: HOST_CHECK_JOB_KIND,
      hostKey: hostCheckKey(job.hosts.length),
      revision: job.revision,
    } as const;
    return new JobLog(new Logger('test'), 'test', identity, 1);
  }

  beforeAll(() => {
    Logger.overrideLogger(['error']);
    zabbix = createZabbixTestClient();
    upserts = new HostUpsertService(
      zabbix,
      new HostReferencesService(zabbix, 10_000),
      new HostLookupService(zabbix),
    );
    service = new HostCheckService(upserts, new JobSecrets(loadSecretBox({ SECRETS_KEY: 'a'.repeat(64) })));
  });

  afterAll(async () => {
    await cleanupZabbixByPrefix(zabbix, prefix);
    await zabbix.close();
  });

  it('should report how each host of the batch compares, with host.get calls only', async () => {
    const [first, second] = [0, 1].map((index) =>
      buildDesiredHost(prefix, { host: `${prefix}batch-${index}`, name: `${prefix}Batch ${index}` }),
    ) as [DesiredHost, DesiredHost];
    const creates = [first, second].map((desired) => buildUpsertJob(desired));
    const created = await upserts.upsertAll(
      creates.map((job) => ({ job, log: new JobLog(new Logger('test'), 'test', upsertJobIdentity(job), 1) })),
    );
    const [firstId, secondId] = created.map((settlement) =>
      settlement.ok ? settlement.outcome.hostid : undefined,
    );
    const absent = buildDesiredHost(prefix, { host: `${prefix}batch-absent`, name: `${prefix}Batch absent` });
    const job: HostCheckJobPayload = {
      jobId: randomUUID(),
      revision: 1,
      hosts: [
        { hostKey: hostKeyFor(first.host), revision: 1, hostid: firstId, desired: first },
        {
          hostKey: hostKeyFor(second.host),
          revision: 1,
          hostid: secondId,
          desired: { ...second, description: 'drifted' },
        },
        { hostKey: hostKeyFor(absent.host), revision: 1, desired: absent },
      ],
    };
    const before = zabbix.callCounts();

    const outcome = await service.checkAll(job, logOf(job));

    expect(outcome).toEqual({
      operation: 'checked',
      checks: [
        { hostKey: hostKeyFor(first.host), hostid: firstId, differences: [] },
        { hostKey: hostKeyFor(second.host), hostid: secondId, differences: ['description'] },
        { hostKey: hostKeyFor(absent.host), differences: ['missing'] },
      ],
    });
    const after = zabbix.callCounts();
    const called = Object.keys(after).filter((method) => after[method] !== (before[method] ?? 0));
    expect(called).toEqual(['host.get']);
  });
});
