import { InvalidMessageError, PermanentError, RetryableError } from '@lib/contracts';
import { decideOutcome, retryDelayMs, type RetryPolicy } from './message-outcome';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 10_000 };

describe(decideOutcome.name, () => {
  it.each([
    ['no error', undefined, 1, { kind: 'ack' }],
    [
      'a retryable error on the first delivery',
      new RetryableError('busy'),
      1,
      { kind: 'nak', delayMs: 1_000 },
    ],
    [
      'a retryable error on the third delivery',
      new RetryableError('busy'),
      3,
      { kind: 'nak', delayMs: 4_000 },
    ],
    ['an unclassified error', new TypeError('boom'), 2, { kind: 'nak', delayMs: 2_000 }],
    [
      'a permanent error',
      new PermanentError('no such template'),
      1,
      { kind: 'term', errorType: 'PermanentError', reason: 'no such template' },
    ],
    [
      'an invalid payload',
      new InvalidMessageError('bad'),
      1,
      { kind: 'term', errorType: 'InvalidMessageError', reason: 'bad' },
    ],
    [
      'a retryable error on the last allowed delivery',
      new RetryableError('busy'),
      5,
      { kind: 'term', errorType: 'RetryableError', reason: 'gave up after 5 attempts: busy' },
    ],
  ])('should decide for %s', (_case, error, deliveryCount, expected) => {
    expect(decideOutcome(error, deliveryCount, policy)).toEqual(expected);
  });
});

describe(retryDelayMs.name, () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [4, 8_000],
    [5, 10_000],
    [50, 10_000],
  ])('should wait for delivery %i: %i ms', (deliveryCount, expected) => {
    expect(retryDelayMs(deliveryCount, policy)).toBe(expected);
  });
});
