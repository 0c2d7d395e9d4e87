/** What the scheduler knows of one host when it decides whether to send a job. */
export interface HostJobState {
  /** A job for this host is with a writer. */
  readonly jobInFlight: boolean;
  readonly hostid: string | null;
  readonly removalRequested: boolean;
  readonly desiredRevision: number;
  /** The newest revision a finished job (succeeded or failed) carried. */
  readonly handledRevision: number;
}

/**
 * - `wait`: a job is in flight; the change rides on the follow-up job sent when it ends (coalescing).
 * - `create` / `update` / `delete`: send that job with the latest desired state.
 * - `forget`: nothing is (or remains) in Zabbix: drop the host config.
 * - `idle`: nothing new since the last job.
 */
export type NextStep = 'wait' | 'create' | 'update' | 'delete' | 'forget' | 'idle';

/** One job in flight per host; changes that arrive meanwhile collapse into one follow-up job. */
export function nextStep(state: HostJobState): NextStep {
  if (state.jobInFlight) return 'wait';
  if (state.desiredRevision <= state.handledRevision) {
    return state.removalRequested && state.hostid === null ? 'forget' : 'idle';
  }
  if (state.removalRequested) return state.hostid === null ? 'forget' : 'delete';
  return state.hostid === null ? 'create' : 'update';
}
