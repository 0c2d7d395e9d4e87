import { Logger } from '@nestjs/common';
import { buildDesiredHost, buildUpsertJob } from '@lib/testing';
import { type HostUpsertService, type JobSettlement, type UpsertRequest } from '../hosts/host-upsert.service';
import { upsertJobIdentity } from './domain/job-result';
import { HostJobBatcher } from './host-job-batcher';
import { JobLog } from './job-log';

/** Records each batch; a job whose host name contains "bad" fails alone. */
class FakeUpserts {
  readonly batches: string[][] = [];

  upsertAll(requests: readonly UpsertRequest[]): Promise<JobSettlement[]> {
    this.batches.push(requests.map(({ job }) => job.desired.host));
    return Promise.resolve(
      requests.map(({ job }): JobSettlement =>
        job.desired.host.includes('bad')
          ? { ok: false, error: new Error(`rejected ${job.desired.host}`) }
          : { ok: true, outcome: { operation: 'created', hostid: job.desired.host } },
      ),
    );
  }
}

function submit(batcher: HostJobBatcher, host: string): Promise<unknown> {
  const job = buildUpsertJob(buildDesiredHost('t-', { host }));
  return batcher.upsert(job, new JobLog(new Logger('test'), 'corr', upsertJobIdentity(job), 1));
}

describe(HostJobBatcher.name, () => {
  let upserts: FakeUpserts;

  beforeEach(() => {
    upserts = new FakeUpserts();
  });

  function batcher(size: number, lingerMs: number, inFlight = 2): HostJobBatcher {
    return new HostJobBatcher(upserts as unknown as HostUpsertService, { size, lingerMs, inFlight });
  }

  it.each([0, 5])(
    'should write one job alone and at once when it is the only one (linger %i ms)',
    async (lingerMs) => {
      // The clock is Jest's: "at once" means within the linger, however loaded the machine is.
      jest.useFakeTimers();
      try {
        let outcome: unknown;
        void submit(batcher(100, lingerMs), 'a').then((value) => (outcome = value));

        await jest.advanceTimersByTimeAsync(lingerMs);

        expect(outcome).toEqual({ operation: 'created', hostid: 'a' });
        expect(upserts.batches).toEqual([['a']]);
      } finally {
        jest.useRealTimers();
      }
    },
  );

  it.each([0, 5])('should gather jobs arriving together into one batch (linger %i ms)', async (lingerMs) => {
    const subject = batcher(100, lingerMs);

    await Promise.all(['a', 'b', 'c'].map((host) => submit(subject, host)));

    expect(upserts.batches).toEqual([['a', 'b', 'c']]);
  });

  it('should send a full batch without waiting for the linger, and the rest in the next', async () => {
    const subject = batcher(2, 60_000);

    const first = Promise.all([submit(subject, 'a'), submit(subject, 'b')]);
    await first;
    expect(upserts.batches).toEqual([['a', 'b']]);
  });

  it('should hand each job its own outcome: one rejected, the others resolved', async () => {
    const subject = batcher(100, 0);

    const outcomes = await Promise.allSettled(['a', 'bad', 'c'].map((host) => submit(subject, host)));

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(upserts.batches).toEqual([['a', 'bad', 'c']]);
  });

  it('should fail every job of a batch whose writing failed as a whole', async () => {
    const failing = { upsertAll: () => Promise.reject(new Error('Zabbix is down')) };
    const subject = new HostJobBatcher(failing as unknown as HostUpsertService, {
      size: 10,
      lingerMs: 0,
      inFlight: 2,
    });

    const outcomes = await Promise.allSettled(['a', 'b'].map((host) => submit(subject, host)));

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });

  it('should hold jobs that arrive while the batches in flight run, and send them together when one ends', async () => {
    const gates: (() => void)[] = [];
    const slow = {
      batches: [] as string[][],
      upsertAll(requests: readonly UpsertRequest[]): Promise<JobSettlement[]> {
        this.batches.push(requests.map(({ job }) => job.desired.host));
        return new Promise((resolve) =>
          gates.push(() =>
            resolve(
              requests.map(({ job }) => ({
                ok: true,
                outcome: { operation: 'created', hostid: job.desired.host },
              })),
            ),
          ),
        );
      },
    };
    const subject = new HostJobBatcher(slow as unknown as HostUpsertService, {
      size: 100,
      lingerMs: 0,
      inFlight: 1,
    });

    const first = submit(subject, 'a');
    await new Promise((resolve) => setImmediate(resolve));
    const later = ['b', 'c', 'd'].map((host) => submit(subject, host));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(slow.batches).toEqual([['a']]);

    gates.shift()?.();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(slow.batches).toEqual([['a'], ['b', 'c', 'd']]);
    gates.shift()?.();
    await Promise.all(later);
  });
});
