import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { freePort } from '../free-ports';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateNatsServerOptions {
  /** Port to listen on (127.0.0.1); a free one by default. */
  readonly port?: number;
  /** The nats-server binary; `/usr/sbin/nats-server` (Debian's package) or `nats-server` on the PATH. */
  readonly binary?: string;
  /** How long to wait for "Server is ready". */
  readonly startTimeoutMs?: number;
  /** Also serve HTTP monitoring (`-m`: /varz, /jsz, /connz) on a free port: see `monitorUrl`. */
  readonly monitor?: boolean;
  /**
   * A server configuration file (`-c`), such as the repository's `nats/nats-server.conf` with its users and
   * permissions; the port, store and JetStream flags still come from here.
   */
  readonly configFile?: string;
  /** Environment of the server process: the variables a configuration file refers to (`$NATS_…`). */
  readonly environment?: Readonly<Record<string, string>>;
  /** More command-line arguments (`['--auth', token]`). */
  readonly extraArguments?: readonly string[];
}

type LaunchOptions = Pick<PrivateNatsServerOptions, 'configFile' | 'environment' | 'extraArguments'>;

const DEFAULT_BINARY = '/usr/sbin/nats-server';
const READY_LINE = 'Server is ready';

/**
 * A nats-server with JetStream that belongs to one test: its own port and store directory, so a test can
 * kill it, pause it or restart it (same port, same stored streams) without touching the shared server.
 *
 * ```ts
 * const nats = await PrivateNatsServer.start();
 * // … nats.url …
 * await nats.kill();    // outage (SIGKILL)
 * await nats.restart(); // back, with its streams
 * await nats.dispose(); // stop and delete the store
 * ```
 */
export class PrivateNatsServer {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private paused = false;
  private log = '';
  private readonly killOnExit = (): void => {
    this.child?.kill('SIGKILL');
  };

  private constructor(
    readonly port: number,
    readonly storeDirectory: string,
    private readonly binary: string,
    private readonly startTimeoutMs: number,
    /** The HTTP monitoring port, when started with `monitor`. */
    readonly monitorPort: number | null = null,
    private readonly launch: LaunchOptions = {},
  ) {}

  static async start(options: PrivateNatsServerOptions = {}): Promise<PrivateNatsServer> {
    const port = options.port ?? (await freePort());
    const storeDirectory = await mkdtemp(join(tmpdir(), 'nbzb-nats-'));
    const binary = options.binary ?? (existsSync(DEFAULT_BINARY) ? DEFAULT_BINARY : 'nats-server');
    const monitorPort = options.monitor ? await freePort() : null;
    const server = new PrivateNatsServer(
      port,
      storeDirectory,
      binary,
      options.startTimeoutMs ?? 10_000,
      monitorPort,
      {
        configFile: options.configFile,
        environment: options.environment,
        extraArguments: options.extraArguments,
      },
    );
    try {
      await server.restart();
    } catch (error) {
      await rm(storeDirectory, { recursive: true, force: true });
      throw error;
    }
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** `http://127.0.0.1:<port>` of the monitoring endpoint; null without `monitor`. */
  get monitorUrl(): string | null {
    return this.monitorPort === null ? null : `http://127.0.0.1:${this.monitorPort}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts the server again on the same port and store (a no-op while it runs). */
  async restart(): Promise<void> {
    if (this.child) return;
    this.log = '';
    const child = spawn(
      this.binary,
      [
        ...(this.launch.configFile === undefined ? [] : ['-c', this.launch.configFile]),
        ...['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDirectory],
        ...(this.monitorPort === null ? [] : ['-m', String(this.monitorPort)]),
        ...(this.launch.extraArguments ?? []),
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        ...(this.launch.environment
          ? { env: { PATH: process.env.PATH ?? '', ...this.launch.environment } }
          : {}),
      },
    );
    this.child = child;
    this.paused = false;
    process.once('exit', this.killOnExit);
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        if (this.child === child) this.child = undefined;
        process.off('exit', this.killOnExit);
        resolve();
      });
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('did not report ready in time')), this.startTimeoutMs);
      const onOutput = (chunk: Buffer): void => {
        this.log = (this.log + chunk.toString('utf8')).slice(-4_000);
        if (this.log.includes(READY_LINE)) done();
      };
      const onExit = (code: number | null): void => fail(new Error(`exited with code ${code}`));
      const onError = (error: Error): void => fail(error);
      const cleanUp = (): void => {
        clearTimeout(timer);
        child.stderr?.off('data', onOutput);
        child.off('exit', onExit);
        child.off('error', onError);
        // Keep draining the log, so a chatty server never blocks on a full pipe.
        child.stderr?.resume();
      };
      const done = (): void => {
        cleanUp();
        resolve();
      };
      const fail = (error: Error): void => {
        cleanUp();
        child.kill('SIGKILL');
        reject(new Error(`nats-server on port ${this.port} ${error.message}\n${this.log}`));
      };
      child.stderr?.on('data', onOutput);
      child.once('exit', onExit);
      child.once('error', onError);
    });
  }

  /** Stops the server (SIGKILL by default: an outage, not a shutdown) and waits until it has exited. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill(signal);
    if (this.paused) child.kill('SIGCONT');
    this.paused = false;
    await this.exited;
  }

  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
  pause(): void {
    if (!this.child || this.paused) return;
    this.child.kill('SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    if (!this.child || !this.paused) return;
    this.child.kill('SIGCONT');
    this.paused = false;
  }

  /** Stops the server and deletes its store. */
  async dispose(): Promise<void> {
    await this.kill('SIGTERM');
    await rm(this.storeDirectory, { recursive: true, force: true });
  }
}
