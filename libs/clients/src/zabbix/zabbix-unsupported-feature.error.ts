import { PermanentError } from '@lib/contracts';

/** The job asks for something this Zabbix version does not have (a proxy group before 7.0). */
export class ZabbixUnsupportedFeatureError extends PermanentError {
  override readonly name: string = 'ZabbixUnsupportedFeatureError';

  constructor(
    readonly feature: string,
    readonly version: string,
    readonly sinceVersion: string,
  ) {
    super(`${feature} needs Zabbix ${sinceVersion} or newer; this server runs ${version}`);
  }
}
