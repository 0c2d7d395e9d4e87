import { type HostOperation } from '@lib/contracts';

/** What a host job did in Zabbix, reported in its result. */
export interface HostJobOutcome {
  readonly operation: HostOperation;
  readonly hostid?: string;
}
