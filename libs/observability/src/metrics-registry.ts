import { collectDefaultMetrics, Registry } from 'prom-client';

/** Prefix of every series the bridge defines (process and Node.js series keep prom-client's names). */
export const METRIC_PREFIX = 'nbzb_';

/**
 * The app's Prometheus registry, served on GET /metrics: Node.js and process series, and whatever the app's
 * metrics classes register. One per app instance (not prom-client's global one), so apps built side by side
 * in one test process do not share or clash.
 */
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
