import { PermanentError } from '@lib/contracts';

/** The HTTP layer refused the request (4xx other than 408/429: wrong URL, forbidden, bad content type). */
export class ZabbixRequestRejectedError extends PermanentError {
  override readonly name: string = 'ZabbixRequestRejectedError';

  constructor(
    readonly method: string,
    readonly status: number,
  ) {
    super(`Zabbix ${method} rejected with HTTP ${status}`);
  }
}
