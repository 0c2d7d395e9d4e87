/** An endpoint as `$SRV.INFO` describes it (ADR-32 EndpointInfo). */
export interface ServiceEndpointInfo {
  readonly name: string;
  readonly subject: string;
  readonly queue_group: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** An endpoint's figures as `$SRV.STATS` reports them (ADR-32 EndpointStats); times in nanoseconds. */
export interface ServiceEndpointStats {
  readonly name: string;
  readonly subject: string;
  readonly queue_group: string;
  readonly num_requests: number;
  readonly num_errors: number;
  readonly last_error: string;
  readonly processing_time: number;
  readonly average_processing_time: number;
}

export interface ServiceEndpointOptions {
  readonly name: string;
  /** The subject the endpoint's work arrives on (a consumer's filter subject). */
  readonly subject: string;
  /** Who shares the work: for a JetStream endpoint, the durable consumer the replicas share. */
  readonly queueGroup: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * One unit of work an app does, with the counts the NATS service API reports: for a JetStream consumer,
 * each handled message is a request, each failed one (retried or dead-lettered) an error, and the time from
 * receipt to the decision is its processing time.
 */
export class ServiceEndpoint {
  private requests = 0;
  private errors = 0;
  private totalNanos = 0;
  private lastError = '';

  constructor(private readonly options: ServiceEndpointOptions) {}

  get name(): string {
    return this.options.name;
  }

  /** Counts one request that took `nanos`; `error` describes its failure, if it failed. */
  record(nanos: number, error?: string): void {
    this.requests += 1;
    this.totalNanos += Math.max(0, Math.round(nanos));
    if (error !== undefined) {
      this.errors += 1;
      this.lastError = error;
    }
  }

  /** Runs `work` and counts it, failed when it throws (the error is thrown on). */
  async measure<T>(work: () => Promise<T>): Promise<T> {
    const startedAt = process.hrtime.bigint();
    try {
      const result = await work();
      this.record(Number(process.hrtime.bigint() - startedAt));
      return result;
    } catch (error) {
      this.record(Number(process.hrtime.bigint() - startedAt), describeFailure(error));
      throw error;
    }
  }

  info(): ServiceEndpointInfo {
    return {
      name: this.options.name,
      subject: this.options.subject,
      queue_group: this.options.queueGroup,
      metadata: { ...this.options.metadata },
    };
  }

  stats(): ServiceEndpointStats {
    return {
      name: this.options.name,
      subject: this.options.subject,
      queue_group: this.options.queueGroup,
      num_requests: this.requests,
      num_errors: this.errors,
      last_error: this.lastError,
      processing_time: this.totalNanos,
      average_processing_time: this.requests === 0 ? 0 : Math.round(this.totalNanos / this.requests),
    };
  }
}

/** `Name: message` of an error; anything else as JSON. Never a stack or a payload. */
export function describeFailure(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return JSON.stringify(error) ?? String(error);
}
