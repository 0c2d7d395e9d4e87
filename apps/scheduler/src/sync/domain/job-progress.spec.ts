import { hostsOfJob, summarizeHostJobs, type HostJobCount, type HostJobSummary } from './job-progress';

describe(hostsOfJob.name, () => {
  it.each([
    ['a job of one host', null, 1],
    ['a batch check of 200 hosts', 'checks:200', 200],
    ['the last, smaller batch check', 'checks:37', 37],
    ['a key that is no batch check', 'dcim.device:12', 1],
  ])('should count %s', (_case, batchKey, hosts) => {
    expect(hostsOfJob(batchKey)).toBe(hosts);
  });
});

describe(summarizeHostJobs.name, () => {
  const row = (
    status: string,
    operation: string | null,
    batchKey: string | null,
    jobs: number,
  ): HostJobCount => ({ status, operation, batchKey, jobs });

  it.each<[string, HostJobCount[], HostJobSummary]>([
    ['no job', [], { total: 0, finished: 0, failed: 0, messages: 0 }],
    [
      'one-host jobs, some still running',
      [row('completed', 'created', null, 3), row('running', null, null, 2), row('pending', null, null, 1)],
      { total: 6, finished: 3, failed: 0, messages: 6, created: 3 },
    ],
    [
      'batch checks of 200 hosts, one done and one running',
      [row('completed', 'checked', 'checks:200', 1), row('running', null, 'checks:200', 1)],
      { total: 400, finished: 200, failed: 0, messages: 2, checked: 200 },
    ],
    [
      '25 batch checks of 200, all done: hosts, not batches',
      [row('completed', 'checked', 'checks:200', 25)],
      { total: 5000, finished: 5000, failed: 0, messages: 25, checked: 5000 },
    ],
    [
      'a failed and a dead-lettered batch count all their hosts as failed',
      [
        row('failed', null, 'checks:200', 1),
        row('dead_lettered', null, 'checks:50', 1),
        row('completed', 'checked', 'checks:10', 1),
      ],
      { total: 260, finished: 260, failed: 250, messages: 3, checked: 10 },
    ],
    [
      'repaired hosts (one-host jobs) beside batch checks',
      [row('completed', 'updated', null, 4), row('completed', 'checked', 'checks:120', 1)],
      { total: 124, finished: 124, failed: 0, messages: 5, updated: 4, checked: 120 },
    ],
    [
      'a finished job whose result names no operation',
      [row('completed', null, null, 2)],
      { total: 2, finished: 2, failed: 0, messages: 2, completed: 2 },
    ],
  ])('should count %s', (_case, counts, summary) => {
    expect(summarizeHostJobs(counts)).toEqual(summary);
  });
});
