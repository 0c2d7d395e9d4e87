/**
 * The reaper's cutoff: a job whose last sign of life is older than this is silent. Undefined while this
 * scheduler has not been watching for a whole deadline: silence from before it started is not silence it
 * saw. A restarted scheduler finds the writers' heartbeats of its downtime still queued behind it on the
 * results stream; judged on the old rows alone, jobs running fine would be reaped and run again.
 */
export function silenceCutoff(now: Date, watchingSince: Date, deadlineMs: number): Date | undefined {
  const cutoff = new Date(now.getTime() - deadlineMs);
  return cutoff < watchingSince ? undefined : cutoff;
}
