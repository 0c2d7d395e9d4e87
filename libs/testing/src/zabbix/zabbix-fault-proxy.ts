import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/** `up`: pass calls through; `down`: answer 503 as nginx does when PHP is gone; `slow`: pass through late. */
export type ZabbixFaultMode = 'up' | 'down' | 'slow';

/**
 * An HTTP proxy in front of the real Zabbix API for fault tests: the writers are pointed at it, and the test
 * takes Zabbix away (every call answered 503), slows it down, or brings it back, and counts the calls that
 * reached it meanwhile. Loopback only.
 */
export class ZabbixFaultProxy {
  private mode: ZabbixFaultMode = 'up';
  private slowMs = 0;
  private readonly calls: { at: number; mode: ZabbixFaultMode }[] = [];

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  /** Starts the proxy for `targetUrl` (the Zabbix `api_jsonrpc.php` URL). */
  static async start(targetUrl: string): Promise<ZabbixFaultProxy> {
    const server = createServer();
    const proxy = new ZabbixFaultProxy(server, new URL(targetUrl));
    server.on('request', (incoming: IncomingMessage, answer: ServerResponse) =>
      proxy.handle(incoming, answer),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** The API URL to give the writers. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${this.target.pathname}`;
  }

  down(): void {
    this.mode = 'down';
  }

  up(): void {
    this.mode = 'up';
  }

  /** Every call is held `delayMs` before it is passed on. */
  slow(delayMs: number): void {
    this.mode = 'slow';
    this.slowMs = delayMs;
  }

  /** Calls that reached the proxy in `mode` (all modes when omitted) since `sinceMs` (epoch ms). */
  callCount(mode?: ZabbixFaultMode, sinceMs = 0): number {
    return this.calls.filter((call) => call.at >= sinceMs && (mode === undefined || call.mode === mode))
      .length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(incoming: IncomingMessage, answer: ServerResponse): void {
    const mode = this.mode;
    this.calls.push({ at: Date.now(), mode });
    if (mode === 'down') {
      incoming.resume();
      answer.writeHead(503, { 'content-type': 'text/html' }).end('<html>503 Service Unavailable</html>');
      return;
    }
    const forward = (): void => {
      const outgoing = request(
        {
          hostname: this.target.hostname,
          port: this.target.port,
          path: this.target.pathname,
          method: incoming.method,
          headers: { ...incoming.headers, host: this.target.host },
        },
        (response) => {
          answer.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(answer);
        },
      );
      outgoing.on('error', () => answer.writeHead(502).end());
      incoming.pipe(outgoing);
    };
    if (mode === 'slow') setTimeout(forward, this.slowMs);
    else forward();
  }
}
