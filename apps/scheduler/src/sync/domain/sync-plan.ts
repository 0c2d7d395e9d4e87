import { isDeepStrictEqual } from 'node:util';
import { type DesiredHost } from '@lib/contracts';

/** What the bridge knows of a host before the sync. */
export interface KnownHost {
  readonly hostid: string | null;
  readonly desiredState: DesiredHost | null;
}

/** What NetBox's state means for the host now (the shape of the scheduler's host changes). */
export type IntendedChange =
  | { readonly kind: 'desired'; readonly desired: DesiredHost }
  | { readonly kind: 'remove' }
  | { readonly kind: 'hold' };

/**
 * - `create`: not in Zabbix yet; `update`: desired state differs (`differences` names the fields);
 * - `disable`: an update that disables a monitored host; `delete`: removed from Zabbix (soft or hard);
 * - `unchanged`: the same desired state (Zabbix is still checked and mended if it drifted);
 * - `hold`: left as it is (no primary IP, no mapping…); `absent`: not monitored and not in Zabbix.
 */
export type SyncAction = 'create' | 'update' | 'disable' | 'delete' | 'unchanged' | 'hold' | 'absent';

export interface PlannedSync {
  readonly action: SyncAction;
  readonly differences: readonly (keyof DesiredHost)[];
}

/** The fields of a desired host that differ, in the order DesiredHost lists them. */
export function desiredDifferences(before: DesiredHost, after: DesiredHost): (keyof DesiredHost)[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof DesiredHost)[]);
  return [...fields].filter((field) => !isDeepStrictEqual(before[field], after[field]));
}

/** What a sync will do to one host; pure. */
export function planSync(known: KnownHost | null, change: IntendedChange): PlannedSync {
  switch (change.kind) {
    case 'hold':
      return { action: 'hold', differences: [] };
    case 'remove':
      return { action: known?.hostid ? 'delete' : 'absent', differences: [] };
    case 'desired': {
      if (!known?.hostid || !known.desiredState) return { action: 'create', differences: [] };
      const differences = desiredDifferences(known.desiredState, change.desired);
      if (differences.length === 0) return { action: 'unchanged', differences };
      const disables = known.desiredState.status === 0 && change.desired.status === 1;
      return { action: disables ? 'disable' : 'update', differences };
    }
  }
}

/** Hosts a sync would take away from monitoring: deleted or disabled. */
export function removals(plans: readonly PlannedSync[]): number {
  return plans.filter((plan) => plan.action === 'delete' || plan.action === 'disable').length;
}
