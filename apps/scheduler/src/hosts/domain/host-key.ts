import { type NetboxHostObjectType } from '@lib/models';

/** `dcim.device:101`: the NetBox object a Zabbix host stands for, as jobs and results name it. */
export function hostKey(objectType: NetboxHostObjectType, objectId: number): string {
  return `${objectType}:${objectId}`;
}
