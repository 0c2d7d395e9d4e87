/**
 * The two kinds of failure a message handler or client may report. Classification is by type, never by
 * message text: the consumer pipeline naks a RetryableError with a growing delay and dead-letters a
 * PermanentError at once.
 */
export class RetryableError extends Error {
  override readonly name: string = 'RetryableError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class PermanentError extends Error {
  override readonly name: string = 'PermanentError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A payload that does not decode or validate: never retried. */
export class InvalidMessageError extends PermanentError {
  override readonly name: string = 'InvalidMessageError';
}
