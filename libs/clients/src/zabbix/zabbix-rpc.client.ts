import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import axios, { isAxiosError, type AxiosAdapter, type AxiosInstance, type AxiosResponse } from 'axios';
import { CallLimiter } from './call-limiter';
import { type ZabbixCallObserver } from './zabbix-call-observer';
import { ZabbixDialect, type AuthPlacement } from './zabbix-dialect';
import {
  collectSecretValues,
  isSessionExpired,
  mapHttpStatus,
  mapJsonRpcError,
  mapNetworkFailure,
  redactSecrets,
  type NetworkFailure,
} from './zabbix-error-mapping';
import { isRecord } from './zabbix-response-readers';
import { ZabbixResponseShapeError } from './zabbix-response-shape.error';
import { ZabbixUnavailableError } from './zabbix-unavailable.error';
import { ZabbixVersion } from './zabbix-version';

export interface ZabbixConnectionOptions {
  /** `http(s)://…/api_jsonrpc.php` */
  readonly url: string;
  /** Preferred. Never logged. */
  readonly apiToken?: string;
  /** Used with `password` when there is no API token: `user.login` opens a session. */
  readonly username?: string;
  /** Never logged. */
  readonly password?: string;
  /** Upper bound of one HTTP call, from sending to the last byte of the answer. */
  readonly timeoutMs: number;
  /** Calls this client has in flight at once; further calls wait. */
  readonly maxConcurrentCalls: number;
  /** Told about each call (method, latency, error): the hook for metrics. */
  readonly observer?: ZabbixCallObserver;
}

interface Credential {
  readonly placement: AuthPlacement;
  readonly value: string;
}

const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * JSON-RPC over HTTP to one Zabbix API: version discovery, authentication, a cap on calls in flight, and the
 * mapping of every failure to a RetryableError or PermanentError subtype. It never retries a failed call (the
 * one exception: a user/password client logs in again once when its session is gone); retry policy belongs
 * to the consumer.
 */
export class ZabbixRpcClient {
  private readonly http: AxiosInstance;
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;
  private readonly limiter: CallLimiter;
  private requestId = 0;
  private readonly counts = new Map<string, number>();
  private dialectPromise?: Promise<ZabbixDialect>;
  private sessionPromise?: Promise<string>;

  /** `adapter` replaces the HTTP transport (unit tests); by default axios uses Node's http/https. */
  constructor(
    private readonly options: ZabbixConnectionOptions,
    adapter?: AxiosAdapter,
  ) {
    if (!options.apiToken && !(options.username && options.password)) {
      throw new TypeError('Zabbix needs an API token, or a user name and a password');
    }
    this.limiter = new CallLimiter(options.maxConcurrentCalls);
    this.httpAgent = new HttpAgent({ keepAlive: true, maxSockets: options.maxConcurrentCalls });
    this.httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: options.maxConcurrentCalls });
    this.http = axios.create({
      timeout: options.timeoutMs,
      responseType: 'text',
      // Keep the raw text: this client parses it and tells a broken body from a JSON-RPC error itself.
      transformResponse: [(data: unknown) => data],
      // Every status is handled here, so that no axios error (which carries the request, token included) escapes.
      validateStatus: () => true,
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      ...(adapter ? { adapter } : {}),
    });
  }

  /** Calls in flight and waiting, for tests and metrics. */
  get load(): { readonly inFlight: number; readonly waiting: number } {
    return { inFlight: this.limiter.inFlight, waiting: this.limiter.waiting };
  }

  /** Calls sent so far, per JSON-RPC method, counted when they leave (failed ones too). */
  callCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** The server's API version, asked once (without any authentication) and remembered. */
  async version(): Promise<ZabbixVersion> {
    return (await this.dialect()).version;
  }

  /** One unauthenticated apiinfo.version round trip, never cached: resolves when Zabbix answers. */
  async ping(): Promise<void> {
    await this.send('apiinfo.version', {}, undefined);
  }

  /** The request dialect of the server's version; a failed discovery is tried again on the next call. */
  dialect(): Promise<ZabbixDialect> {
    if (!this.dialectPromise) {
      const discovery = this.send('apiinfo.version', {}, undefined).then((result) => {
        const version = typeof result === 'string' ? ZabbixVersion.parse(result) : undefined;
        if (!version) throw new ZabbixResponseShapeError('apiinfo.version', 'not a version string');
        return new ZabbixDialect(version);
      });
      this.dialectPromise = discovery;
      discovery.catch(() => {
        if (this.dialectPromise === discovery) this.dialectPromise = undefined;
      });
    }
    return this.dialectPromise;
  }

  /** An authenticated call. With user/password, a terminated session is renewed and the call sent once more. */
  async call(method: string, params: unknown): Promise<unknown> {
    const dialect = await this.dialect();
    const credential = await this.credential(dialect);
    try {
      return await this.send(method, params, credential);
    } catch (error) {
      if (this.options.apiToken || !isSessionExpired(error)) throw error;
      const renewed = await this.renewSession(dialect, credential.value);
      return this.send(method, params, renewed);
    }
  }

  /** Logs the session out (user/password only) and frees the keep-alive sockets. */
  async close(): Promise<void> {
    const session = this.sessionPromise;
    this.sessionPromise = undefined;
    if (session && this.dialectPromise) {
      try {
        const [dialect, value] = await Promise.all([this.dialectPromise, session]);
        await this.send('user.logout', [], { placement: dialect.authPlacement, value });
      } catch {
        // Nothing to log out, or Zabbix is gone: the session expires on its own.
      }
    }
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private async credential(dialect: ZabbixDialect): Promise<Credential> {
    const placement = dialect.authPlacement;
    if (this.options.apiToken) return { placement, value: this.options.apiToken };
    if (!this.sessionPromise) {
      const login = this.login(dialect);
      this.sessionPromise = login;
      login.catch(() => {
        if (this.sessionPromise === login) this.sessionPromise = undefined;
      });
    }
    return { placement, value: await this.sessionPromise };
  }

  /** Several calls may see the same session expire: only the first logs in again, the rest reuse its session. */
  private async renewSession(dialect: ZabbixDialect, staleSession: string): Promise<Credential> {
    const current = this.sessionPromise;
    if (current) {
      const value = await current.catch(() => undefined);
      if (value === staleSession && this.sessionPromise === current) this.sessionPromise = undefined;
    }
    return this.credential(dialect);
  }

  private async login(dialect: ZabbixDialect): Promise<string> {
    const params = dialect.loginParams(this.options.username ?? '', this.options.password ?? '');
    const result = await this.send('user.login', params, undefined);
    if (typeof result !== 'string' || result.length === 0) {
      throw new ZabbixResponseShapeError('user.login', 'no session id');
    }
    return result;
  }

  /** One HTTP round trip inside the limiter. `credential` undefined: sent bare (apiinfo.version, user.login). */
  private async send(method: string, params: unknown, credential: Credential | undefined): Promise<unknown> {
    return this.limiter.run(async () => {
      this.requestId += 1;
      this.counts.set(method, (this.counts.get(method) ?? 0) + 1);
      const body: Record<string, unknown> = { jsonrpc: '2.0', method, params, id: this.requestId };
      const headers: Record<string, string> = { 'Content-Type': 'application/json-rpc' };
      if (credential?.placement === 'body') body.auth = credential.value;
      if (credential?.placement === 'header') headers.Authorization = `Bearer ${credential.value}`;

      const startedAt = performance.now();
      try {
        const result = await this.roundTrip(method, body, headers, this.secretsOf(params, credential));
        this.observe(method, startedAt);
        return result;
      } catch (error) {
        this.observe(method, startedAt, error);
        throw error;
      }
    });
  }

  private async roundTrip(
    method: string,
    body: Record<string, unknown>,
    headers: Record<string, string>,
    secrets: readonly string[],
  ): Promise<unknown> {
    let response: AxiosResponse<unknown>;
    try {
      response = await this.http.post<unknown>(this.options.url, JSON.stringify(body), {
        headers,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw mapNetworkFailure(method, networkFailureOf(error));
    }
    const statusError = mapHttpStatus(method, response.status);
    if (statusError) throw statusError;
    return this.readResult(method, response.data, secrets);
  }

  private observe(method: string, startedAt: number, error?: unknown): void {
    try {
      this.options.observer?.called({
        method,
        durationMs: performance.now() - startedAt,
        error: error === undefined || error instanceof Error ? error : new Error('a non-Error was thrown'),
      });
    } catch {
      // A failing observer never fails a call.
    }
  }

  private readResult(method: string, data: unknown, secrets: readonly string[]): unknown {
    let parsed: unknown;
    try {
      parsed = typeof data === 'string' ? JSON.parse(data) : data;
    } catch {
      throw invalidResponse(method, 'the body is not JSON');
    }
    if (!isRecord(parsed)) throw invalidResponse(method, 'the body is not a JSON-RPC response');
    if (isRecord(parsed.error)) {
      const error = parsed.error;
      throw mapJsonRpcError({
        method,
        code: typeof error.code === 'number' ? error.code : Number(error.code),
        rpcMessage: redactSecrets(textOf(error.message), secrets),
        data: redactSecrets(textOf(error.data), secrets),
      });
    }
    if (!('result' in parsed)) throw invalidResponse(method, 'the response has neither result nor error');
    return parsed.result;
  }

  private secretsOf(params: unknown, credential: Credential | undefined): string[] {
    const secrets = collectSecretValues(params);
    if (credential) secrets.push(credential.value);
    if (this.options.apiToken) secrets.push(this.options.apiToken);
    if (this.options.password) secrets.push(this.options.password);
    return secrets;
  }
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

function invalidResponse(method: string, detail: string): ZabbixUnavailableError {
  return new ZabbixUnavailableError({ method, reason: 'invalid-response', detail });
}

/** Only the code and message of a failed request: the axios error itself carries the token. */
function networkFailureOf(error: unknown): NetworkFailure {
  if (isAxiosError(error)) return { code: error.code, message: error.message };
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : error.name, message: error.message };
  }
  return { message: String(error) };
}
