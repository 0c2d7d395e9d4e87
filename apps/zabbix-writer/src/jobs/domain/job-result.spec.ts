import { InvalidMessageError, PermanentError, RetryableError } from '@lib/contracts';
import {
  deleteJobIdentity,
  describeError,
  failedResult,
  resultMessageId,
  shouldReportFailure,
  succeededResult,
  upsertJobIdentity,
  workerIdOf,
} from './job-result';

const job = {
  jobId: '0b7c6a55-1d8e-4a53-9a43-2f7f3f0f4a11',
  kind: 'UpdateZabbixHost',
  hostKey: 'dcim.device:101',
  revision: 3,
} as const;
const facts = {
  attempt: 2,
  startedAt: new Date('2026-01-01T10:00:00.000Z'),
  finishedAt: new Date('2026-01-01T10:00:01.500Z'),
  worker: 'writer-a',
};

describe(shouldReportFailure.name, () => {
  it.each([
    [new PermanentError('unknown template'), false, true],
    [new InvalidMessageError('bad'), false, true],
    [new RetryableError('timeout'), false, false],
    [new RetryableError('timeout'), true, true],
    [new Error('bug'), false, false],
    [new Error('bug'), true, true],
  ])('should report %p on final attempt %s: %s', (error, isFinalAttempt, expected) => {
    expect(shouldReportFailure(error, isFinalAttempt)).toBe(expected);
  });
});

describe(resultMessageId.name, () => {
  it.each([
    [2, 'started', `result:${job.jobId}:2:started`],
    [2, 'succeeded', `result:${job.jobId}:2:succeeded`],
    [3, 'failed', `result:${job.jobId}:3:failed`],
  ] as const)('should name attempt %i, outcome %s, %s', (attempt, outcome, expected) => {
    expect(resultMessageId(job.jobId, attempt, outcome)).toBe(expected);
  });
});

describe(succeededResult.name, () => {
  it.each([
    [
      { operation: 'created', hostid: '10600' },
      { operation: 'created', hostid: '10600' },
    ],
    [{ operation: 'absent' }, { operation: 'absent' }],
  ] as const)('should report %j', (outcome, expected) => {
    expect(succeededResult(job, outcome, facts)).toEqual({
      ...job,
      outcome: 'succeeded',
      ...expected,
      attempt: 2,
      startedAt: '2026-01-01T10:00:00.000Z',
      finishedAt: '2026-01-01T10:00:01.500Z',
      worker: 'writer-a',
    });
  });
});

describe(failedResult.name, () => {
  it.each([
    [
      new PermanentError('unknown Zabbix template: "X"'),
      'PermanentError: unknown Zabbix template: "X"',
      false,
    ],
    [new RetryableError('Zabbix timed out'), 'RetryableError: Zabbix timed out', true],
    [new Error('a bug'), 'Error: a bug', true],
  ])(
    'should report the error type and message, and whether a retry can help: %p',
    (error, text, retryable) => {
      expect(failedResult(job, error, facts)).toEqual({
        ...job,
        outcome: 'failed',
        error: text,
        retryable,
        attempt: 2,
        startedAt: '2026-01-01T10:00:00.000Z',
        finishedAt: '2026-01-01T10:00:01.500Z',
        worker: 'writer-a',
      });
    },
  );
});

describe(describeError.name, () => {
  it.each([
    [new RetryableError('busy'), 'RetryableError: busy'],
    ['text', 'text'],
  ])('should describe %p as %j', (error, expected) => {
    expect(describeError(error)).toBe(expected);
  });

  it('should cut very long messages', () => {
    expect(describeError(new Error('x'.repeat(5_000))).length).toBe(2_000);
  });
});

describe('job identities', () => {
  it('should take the kind of an upsert job and name delete jobs DeleteZabbixHost', () => {
    const upsert = upsertJobIdentity({ ...job, kind: 'CreateZabbixHost', desired: {} as never });
    const remove = deleteJobIdentity({
      jobId: job.jobId,
      hostKey: job.hostKey,
      revision: 4,
      host: 'web01',
      mode: 'hard',
      graveyard: { group: 'g', suffix: '_archived' },
    });

    expect(upsert).toEqual({ ...job, kind: 'CreateZabbixHost' });
    expect(remove).toEqual({ jobId: job.jobId, kind: 'DeleteZabbixHost', hostKey: job.hostKey, revision: 4 });
  });
});

describe(workerIdOf.name, () => {
  it.each([
    ['writer-7', 'host-a', 42, 'writer-7'],
    [undefined, 'host-a', 42, 'host-a-42'],
    ['  ', 'host-a', 42, 'host-a-42'],
  ])('should use %j on %s/%i as %s', (configured, hostname, pid, expected) => {
    expect(workerIdOf(configured, hostname, pid)).toBe(expected);
  });
});
