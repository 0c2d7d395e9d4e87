import { Agent, request } from 'node:http';

/** One level of load: how many webhooks, how many in flight at once. */
export interface LoadLevel {
  readonly concurrency: number;
  readonly requests: number;
}

/** What a run of the load generator measured. */
export interface LoadResult {
  readonly concurrency: number;
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Answers by HTTP status. */
  readonly statuses: Record<number, number>;
}

export interface PreparedRequest {
  readonly body: Buffer;
  readonly headers: Record<string, string>;
}

/**
 * Posts prepared bodies to `url`, `concurrency` at a time over kept-alive connections (one per slot, as a
 * proxy or NetBox's workers would hold them), and times each from the write to the end of the answer. The
 * bodies are signed beforehand, so the generator does little more than write and read sockets.
 */
export async function postAll(
  url: string,
  bodies: readonly PreparedRequest[],
  concurrency: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) {
          const prepared = bodies[next++];
          if (prepared === undefined) break;
          const sentAt = performance.now();
          const status = await postOne(agent, target, prepared);
          latencies.push(performance.now() - sentAt);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    requests: bodies.length,
    seconds,
    perSecond: bodies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    statuses,
  };
}

function postOne(agent: Agent, target: URL, prepared: PreparedRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { ...prepared.headers, 'content-length': String(prepared.body.length) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(prepared.body);
  });
}

/** The value below which `fraction` of the sorted values lie (nearest rank). */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
