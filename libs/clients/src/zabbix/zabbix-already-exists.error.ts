import { ZabbixApiError } from './zabbix-api.error';

/**
 * Zabbix refused to create or rename an object because one with the same name exists (a lost race, a
 * brownfield object, or a visible-name clash). Permanent as such; callers that can resolve it catch it by type.
 */
export class ZabbixAlreadyExistsError extends ZabbixApiError {
  override readonly name: string = 'ZabbixAlreadyExistsError';
}
