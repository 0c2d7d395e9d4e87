import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/**
 * A pass-through HTTP proxy in front of the Zabbix API that counts the JSON-RPC calls per method, so a
 * benchmark can report the calls writers in other processes made.
 */
export class ZabbixCallCounter {
  private readonly counts = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  static async start(targetUrl: string): Promise<ZabbixCallCounter> {
    const server = createServer();
    const counter = new ZabbixCallCounter(server, new URL(targetUrl));
    server.on('request', (incoming: IncomingMessage, answer: ServerResponse) =>
      counter.handle(incoming, answer),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return counter;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${this.target.pathname}`;
  }

  /** Calls per method since the start or the last reset, login and version discovery left out. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(
      [...this.counts].filter(([method]) => method !== 'apiinfo.version' && method !== 'user.login'),
    );
  }

  reset(): void {
    this.counts.clear();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(incoming: IncomingMessage, answer: ServerResponse): void {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      try {
        const { method } = JSON.parse(body.toString('utf8')) as { method?: unknown };
        const name = typeof method === 'string' ? method : 'unknown';
        this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
      } catch {
        this.counts.set('unparsed', (this.counts.get('unparsed') ?? 0) + 1);
      }
      const outgoing = request(
        {
          hostname: this.target.hostname,
          port: this.target.port,
          path: this.target.pathname,
          method: incoming.method,
          headers: { ...incoming.headers, host: this.target.host, 'content-length': String(body.length) },
        },
        (response) => {
          answer.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(answer);
        },
      );
      outgoing.on('error', () => answer.writeHead(502).end());
      outgoing.end(body);
    });
  }
}

/** `host.create 10, host.get 30`: the calls of a run, most frequent first, and their total. */
export function describeCalls(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts).sort(([, left], [, right]) => right - left);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  return `${total} (${entries.map(([method, count]) => `${method} ${count}`).join(', ')})`;
}
