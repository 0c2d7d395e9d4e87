import { PermanentError, RetryableError } from '@lib/contracts';

/** The message is bigger than the server's max_payload: sending it again cannot succeed. */
export class MessageTooLargeError extends PermanentError {
  override readonly name: string = 'MessageTooLargeError';
}

/** Not connected to NATS right now. */
export class NatsUnavailableError extends RetryableError {
  override readonly name: string = 'NatsUnavailableError';
}
