import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/**
 * `up`: pass calls through; `down`: answer 503 as nginx does when PHP is gone; `slow`: pass through late;
 * `late-answer`: pass through at once, answer late (Zabbix does the work; a client may give up first).
 */
export type ZabbixFaultMode = 'up' | 'down' | 'slow' | 'late-answer';

/**
 * An HTTP proxy in front of the real Zabbix API for fault tests: the writers are pointed at it, and the test
 * takes Zabbix away (every call answered 503), slows it down, or brings it back, and counts the calls that
 * reached it meanwhile. Loopback only.
 */
export class ZabbixFaultProxy {
  private mode: ZabbixFaultMode = 'up';
  private slowMs = 0;
  /** In `late-answer` mode: only the calls of this API method answer late (all of them when undefined). */
  private lateMethod: string | undefined;
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

  /**
   * Every call (or every call of `method`) reaches Zabbix at once; its answer is held `delayMs`, past a
   * client's timeout if it likes: Zabbix did the work, the client does not know.
   */
  lateAnswers(delayMs: number, method?: string): void {
    this.mode = 'late-answer';
    this.slowMs = delayMs;
    this.lateMethod = method;
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
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const late = mode === 'late-answer' && (!this.lateMethod || callMethod(body) === this.lateMethod);
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
            const relay = (): void => {
              answer.writeHead(response.statusCode ?? 502, response.headers);
              response.pipe(answer);
            };
            if (late) setTimeout(relay, this.slowMs);
            else relay();
          },
        );
        outgoing.on('error', () => answer.writeHead(502).end());
        outgoing.end(body);
      };
      if (mode === 'slow') setTimeout(forward, this.slowMs);
      else forward();
    });
  }
}

/** The JSON-RPC method of a request body (undefined when it is not one). */
function callMethod(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { method?: unknown };
    return typeof parsed.method === 'string' ? parsed.method : undefined;
  } catch {
    return undefined;
  }
}
