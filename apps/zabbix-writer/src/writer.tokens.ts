/** The writer replica's id, reported in every job result (WRITER_ID, or `<hostname>-<pid>`). */
export const WORKER_ID = Symbol('WORKER_ID');

/** How often a held job reports a sign of life, and the longest pause between Zabbix outage probes. */
export const WRITER_TIMINGS = Symbol('WRITER_TIMINGS');

export interface WriterTimings {
  readonly heartbeatMs: number;
  readonly outageProbeMaxMs: number;
}

/** How long host group, template and proxy ids are cached by name (ms; 0: not at all). */
export const REFERENCE_CACHE_MS = Symbol('REFERENCE_CACHE_MS');

/** How the writer gathers upsert jobs into batches (WRITER_BATCH_SIZE, WRITER_BATCH_LINGER_MS). */
export const WRITER_BATCHING = Symbol('WRITER_BATCHING');

export interface WriterBatching {
  /** The most jobs one batch takes. */
  readonly size: number;
  /** How long the first job of a batch waits for others (ms); 0: until the jobs already arrived are in. */
  readonly lingerMs: number;
  /**
   * Batches running at once; jobs arriving while that many run wait and go out together when one ends, so
   * a bulk load fills Zabbix's arrays instead of sending many small ones.
   */
  readonly inFlight: number;
}
