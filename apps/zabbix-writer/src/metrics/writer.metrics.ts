import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { type ZabbixCall, type ZabbixCallObserver, ZabbixUnavailableError } from '@lib/clients';
import { METRIC_PREFIX, MetricsRegistry } from '@lib/observability';

/** How a job attempt ended: `retry` goes back to the queue, `failed` is final (reported and dead-lettered). */
export type JobAttemptStatus = 'succeeded' | 'failed' | 'retry';

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * What a writer counts: job attempts by kind and how they ended, their duration, and every Zabbix call's
 * latency and errors by JSON-RPC method (through the Zabbix client's observer hook). Also tells the
 * writer's readiness whether Zabbix answered lately.
 */
@Injectable()
export class WriterMetrics implements ZabbixCallObserver {
  private readonly jobs: Counter<'kind' | 'status'>;
  private readonly jobDuration: Histogram<'kind' | 'status'>;
  private readonly zabbixCalls: Histogram<'method'>;
  private readonly zabbixErrors: Counter<'method' | 'error'>;
  private lastCall: { readonly at: number; readonly reachable: boolean } | undefined;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.jobs = new Counter({
      name: `${METRIC_PREFIX}writer_jobs_total`,
      help: 'Job attempts by kind and how they ended (retry: back to the queue; failed: final)',
      labelNames: ['kind', 'status'],
      registers,
    });
    this.jobDuration = new Histogram({
      name: `${METRIC_PREFIX}writer_job_duration_seconds`,
      help: 'Duration of a job attempt, from receipt by the handler to its result',
      labelNames: ['kind', 'status'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.zabbixCalls = new Histogram({
      name: `${METRIC_PREFIX}zabbix_call_duration_seconds`,
      help: 'Zabbix JSON-RPC round trips by method (failed ones included)',
      labelNames: ['method'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.zabbixErrors = new Counter({
      name: `${METRIC_PREFIX}zabbix_call_errors_total`,
      help: 'Failed Zabbix JSON-RPC calls by method and error type',
      labelNames: ['method', 'error'],
      registers,
    });
  }

  jobAttempt(kind: string, status: JobAttemptStatus, seconds: number): void {
    this.jobs.inc({ kind, status });
    this.jobDuration.observe({ kind, status }, seconds);
  }

  called(call: ZabbixCall): void {
    this.zabbixCalls.observe({ method: call.method }, call.durationMs / 1000);
    if (call.error) this.zabbixErrors.inc({ method: call.method, error: call.error.name });
    // Any answer, even an error, means Zabbix is there; only a failed round trip means it is not.
    this.lastCall = { at: Date.now(), reachable: !(call.error instanceof ZabbixUnavailableError) };
  }

  /** Whether the last call within `withinMs` reached Zabbix; undefined when there was none. */
  zabbixReachedWithin(withinMs: number): boolean | undefined {
    if (!this.lastCall || Date.now() - this.lastCall.at > withinMs) return undefined;
    return this.lastCall.reachable;
  }
}
