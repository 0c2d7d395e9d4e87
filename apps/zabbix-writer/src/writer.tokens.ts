/** The writer replica's id, reported in every job result (WRITER_ID, or `<hostname>-<pid>`). */
export const WORKER_ID = Symbol('WORKER_ID');

/** How often a held job reports a sign of life, and the longest pause between Zabbix outage probes. */
export const WRITER_TIMINGS = Symbol('WRITER_TIMINGS');

export interface WriterTimings {
  readonly heartbeatMs: number;
  readonly outageProbeMaxMs: number;
}
