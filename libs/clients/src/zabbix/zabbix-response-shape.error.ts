import { PermanentError } from '@lib/contracts';

/** A JSON-RPC result that does not have the shape this client expects of the method. */
export class ZabbixResponseShapeError extends PermanentError {
  override readonly name: string = 'ZabbixResponseShapeError';

  constructor(
    readonly method: string,
    readonly detail: string,
  ) {
    super(`Zabbix ${method} returned an unexpected result: ${detail}`);
  }
}
