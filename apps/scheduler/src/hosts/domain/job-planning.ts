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

export interface SettleState {
  readonly now: Date;
  /** When the last job for this host finished (succeeded or failed). */
  readonly lastJobFinishedAt: Date | null;
  readonly lastChangeAt: Date | null;
  /** When the follow-up now being held back was first held back. */
  readonly deferredSince: Date | null;
}

export interface SettleWindow {
  readonly windowMs: number;
  readonly maxWaitMs: number;
}

/**
 * When to send a job the planner decided on. A host nobody has written to within the window gets it at once
 * (an isolated edit is not delayed). A host in the middle of an editing session (a job finished less than a
 * window ago, or a follow-up is already held back) gets it once edits have been quiet for the window, and
 * no later than the maximum wait after it was first held back: a burst of edits makes at most two writes.
 */
export function dispatchTime(state: SettleState, window: SettleWindow): Date {
  const now = state.now.getTime();
  if (window.windowMs <= 0) return state.now;
  const busy = state.lastJobFinishedAt !== null && now - state.lastJobFinishedAt.getTime() < window.windowMs;
  if (!busy && state.deferredSince === null) return state.now;
  const lastActivity = Math.max(
    state.lastChangeAt?.getTime() ?? now,
    state.lastJobFinishedAt?.getTime() ?? now,
  );
  const settled = lastActivity + window.windowMs;
  const deadline = (state.deferredSince?.getTime() ?? now) + window.maxWaitMs;
  const at = Math.min(settled, deadline);
  return at <= now ? state.now : new Date(at);
}
