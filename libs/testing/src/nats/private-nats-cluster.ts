import { randomBytes } from 'node:crypto';
import { freePorts } from '../free-ports';
import { PrivateNatsServer } from './private-nats-server';

export interface PrivateNatsClusterOptions {
  /** How many nats-server processes (3 by default: the smallest cluster that survives losing one). */
  readonly size?: number;
  /** The nats-server binary (see PrivateNatsServer). */
  readonly binary?: string;
  /** How long each server may take to report "Server is ready". */
  readonly startTimeoutMs?: number;
}

/**
 * A JetStream cluster of its own for one test: `size` nats-server processes on loopback, each with its own
 * client port, store directory, monitoring port and server name, joined by cluster routes under one cluster
 * name. A node can be killed with -9 and restarted on the same ports and store, as a crashed machine comes
 * back; the shared server is never touched.
 *
 * ```ts
 * const cluster = await PrivateNatsCluster.start();
 * // … cluster.url (every node, comma-separated, as NATS_URL takes it), cluster.nodes[1].url …
 * await cluster.kill(1);
 * await cluster.restart(1); // and waits until it has caught up
 * await cluster.dispose();
 * ```
 */
export class PrivateNatsCluster {
  private constructor(
    readonly name: string,
    readonly nodes: readonly PrivateNatsServer[],
  ) {}

  static async start(options: PrivateNatsClusterOptions = {}): Promise<PrivateNatsCluster> {
    const size = options.size ?? 3;
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`a cluster needs at least one node, not ${size}`);
    const name = `nbzb-${randomBytes(4).toString('hex')}`;
    const clientPorts = await freePorts(size);
    const routePorts = await freePorts(size);
    const routes = routePorts.map((port) => `nats-route://127.0.0.1:${port}`).join(',');
    const started = await Promise.allSettled(
      clientPorts.map((port, index) =>
        PrivateNatsServer.start({
          port,
          binary: options.binary,
          startTimeoutMs: options.startTimeoutMs,
          monitor: true,
          extraArguments: [
            ...['--server_name', `${name}-${index + 1}`],
            ...['--cluster_name', name, '--cluster', `nats://127.0.0.1:${routePorts[index]}`],
            ...['--routes', routes],
          ],
        }),
      ),
    );
    const nodes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failure = started.find((result) => result.status === 'rejected');
    const cluster = new PrivateNatsCluster(name, nodes);
    try {
      if (failure) throw failure.reason;
      await cluster.waitUntilHealthy();
    } catch (error) {
      await cluster.dispose();
      throw error;
    }
    return cluster;
  }

  /** Every node's client URL, comma-separated (as NATS_URL takes several servers). */
  get url(): string {
    return this.nodes.map((node) => node.url).join(',');
  }

  /** `node(i).url` first, then the others: a client that prefers node i and fails over to the rest. */
  urlPreferring(index: number): string {
    const preferred = this.node(index);
    return [preferred, ...this.nodes.filter((node) => node !== preferred)].map((node) => node.url).join(',');
  }

  node(index: number): PrivateNatsServer {
    const node = this.nodes[index];
    if (!node) throw new Error(`the cluster has no node ${index}`);
    return node;
  }

  /** Kills node `index` with SIGKILL (kill -9): its store stays as the crash left it. */
  async kill(index: number): Promise<void> {
    await this.node(index).kill('SIGKILL');
  }

  /** Starts node `index` again on its ports and store, then waits until every node reports healthy. */
  async restart(index: number, timeoutMs = 60_000): Promise<void> {
    await this.node(index).restart();
    await this.waitUntilHealthy(timeoutMs);
  }

  /**
   * Until every running node answers `/healthz` with 200: on 2.9 that means its JetStream has joined the
   * cluster's meta group and caught up with the streams it holds.
   */
  async waitUntilHealthy(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answers = await Promise.all(
        this.nodes.filter((node) => node.running).map(async (node) => health(node)),
      );
      if (answers.every((answer) => answer === null)) return;
      if (Date.now() > deadline) {
        throw new Error(`NATS cluster ${this.name} not healthy after ${timeoutMs} ms: ${answers.join('; ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Stops every node and deletes their stores. */
  async dispose(): Promise<void> {
    await Promise.all(this.nodes.map(async (node) => node.dispose()));
  }
}

/** Null when the node's /healthz answers 200, else what it answered. */
async function health(node: PrivateNatsServer): Promise<string | null> {
  if (node.monitorUrl === null) return null;
  try {
    const response = await fetch(`${node.monitorUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? null : `${node.url}: ${response.status} ${await response.text()}`;
  } catch (error) {
    return `${node.url}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
