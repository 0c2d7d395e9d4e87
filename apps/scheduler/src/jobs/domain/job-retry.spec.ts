import { retryAt, type RetryPolicy } from './job-retry';

const policy: RetryPolicy = { limit: 5, baseMs: 30_000, maxMs: 300_000 };
const now = new Date('2026-12-01T12:00:00.000Z');
const after = (ms: number) => new Date(now.getTime() + ms);

describe(retryAt.name, () => {
  it.each([
    ['the first failure, no jitter', 1, true, 0.5, after(30_000)],
    ['the second failure doubles', 2, true, 0.5, after(60_000)],
    ['the fourth failure doubles again', 4, true, 0.5, after(240_000)],
    ['the fifth failure is capped at the maximum', 5, true, 0.5, after(300_000)],
    ['the lowest jitter', 1, true, 0, after(24_000)],
    ['the highest jitter', 1, true, 0.999_999, after(36_000)],
    ['a failure past the limit', 6, true, 0.5, null],
    ['a failure that cannot pass', 1, false, 0.5, null],
    ['no failure', 0, true, 0.5, null],
  ])('should schedule %s', (_case, failedAttempts, retryable, random, expected) => {
    expect(retryAt(failedAttempts, retryable, policy, now, random)).toEqual(expected);
  });

  it('should never retry when the limit is 0', () => {
    expect(retryAt(1, true, { ...policy, limit: 0 }, now, 0.5)).toBeNull();
  });
});
