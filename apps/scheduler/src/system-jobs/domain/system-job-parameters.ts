import { type SystemJobKind } from '../system-job-runner';

/** The run options each kind takes (POST /api/system-jobs/:kind/run); anything else is refused. */
export const SYSTEM_JOB_PARAMETERS: Readonly<Record<SystemJobKind, readonly string[]>> = {
  ImportZabbixSettings: ['dryRun', 'confirm'],
  HostConfigSyncRefresh: ['cutoffMinutes'],
  MaintenanceCleanup: ['dryRun'],
  SyncHostsNow: ['dryRun', 'confirm', 'changesOnly'],
  NetboxChangeLogPoll: [],
};

/** The given options a kind does not take. */
export function unexpectedParameters(
  kind: SystemJobKind,
  parameters: Readonly<Record<string, unknown>>,
): string[] {
  const allowed = SYSTEM_JOB_PARAMETERS[kind];
  return Object.keys(parameters).filter((name) => parameters[name] !== undefined && !allowed.includes(name));
}
