const FIRST_PROBE_MS = 1_000;

/** Wait before outage probe `probe` (1, 2, …): doubling from one second, capped at `maxMs`. */
export function probeDelayMs(probe: number, maxMs: number): number {
  return Math.min(maxMs, FIRST_PROBE_MS * 2 ** Math.min(Math.max(0, probe - 1), 20));
}
