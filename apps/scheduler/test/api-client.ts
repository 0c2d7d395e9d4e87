import { type SchedulerHarness } from './scheduler-harness';

export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The JSON body (null for an empty one); the raw text is in `text`. */
  readonly body: Record<string, unknown>;
  readonly text: string;
}

/**
 * Calls a scheduler's HTTP API as an operator would: JSON in and out, with a bearer token unless told
 * otherwise (`token: null` sends none).
 */
export class ApiClient {
  private constructor(
    readonly url: string,
    private readonly token: string | null,
  ) {}

  /** Listens on a free loopback port and returns a client for it. */
  static async listen(harness: SchedulerHarness, token: string | null): Promise<ApiClient> {
    await harness.app.listen(0, '127.0.0.1');
    const url = (await harness.app.getUrl()).replace('[::1]', '127.0.0.1');
    return new ApiClient(url, token);
  }

  withToken(token: string | null): ApiClient {
    return new ApiClient(this.url, token);
  }

  async request(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token !== null) headers.authorization = `Bearer ${this.token}`;
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = {};
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  get(path: string): Promise<ApiAnswer> {
    return this.request('GET', path);
  }

  post(path: string, body?: unknown): Promise<ApiAnswer> {
    return this.request('POST', path, body);
  }

  patch(path: string, body: unknown): Promise<ApiAnswer> {
    return this.request('PATCH', path, body);
  }

  delete(path: string): Promise<ApiAnswer> {
    return this.request('DELETE', path);
  }
}
