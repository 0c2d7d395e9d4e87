/**
 * Thrown by a runner to fail its job and still store a summary on the row: what it found, what it would
 * have changed, why it stopped (an import past `max_deletions`, a cleanup that could not delete in Zabbix).
 */
export class SystemJobFailure extends Error {
  override readonly name = 'SystemJobFailure';

  constructor(
    message: string,
    readonly summary: Record<string, unknown>,
  ) {
    super(message);
  }
}
