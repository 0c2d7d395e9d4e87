import { type HostCheckOutcome, type HostOperation } from '@lib/contracts';

/** What a host job did in Zabbix, reported in its result. */
export interface HostJobOutcome {
  readonly operation: HostOperation;
  readonly hostid?: string;
  /** Maintenance jobs: the Zabbix maintenance written. */
  readonly maintenanceid?: string;
  /** What differed from the desired state before the job (an upsert of an existing host, or a check). */
  readonly differences?: readonly string[];
  /** Batch checks: how each host compared. */
  readonly checks?: readonly HostCheckOutcome[];
}
