import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { freePort } from '../free-ports';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PrivatePostgresServerOptions {
  /** Port to listen on (127.0.0.1); a free one by default. */
  readonly port?: number;
  /** The directory of initdb and pg_ctl; the newest /usr/lib/postgresql/<version>/bin by default. */
  readonly binDirectory?: string;
  /** The OS user that runs the server when this process is root (PostgreSQL refuses to run as root). */
  readonly osUser?: string;
}

/** How `stop` shuts PostgreSQL down: `fast` (clean, disconnects clients) or `immediate` (a crash: recovery on start). */
export type PostgresStopMode = 'fast' | 'immediate';

const DEFAULT_ROOT = '/usr/lib/postgresql';

/**
 * A PostgreSQL cluster that belongs to one test (initdb into a temporary directory, its own port, trust for
 * user `postgres` on loopback), so a test can stop it and start it again without touching the shared server.
 * Run as `osUser` (through `runuser`) when this process is root.
 *
 * ```ts
 * const postgres = await PrivatePostgresServer.start();
 * // … postgres.adminUrl …
 * await postgres.stop('immediate'); // outage
 * await postgres.start();           // back, with its data
 * await postgres.dispose();         // stop and delete the cluster
 * ```
 */
export class PrivatePostgresServer {
  private running = false;
  /** If the test process ends without `dispose`, the server goes with it (SIGQUIT: immediate shutdown). */
  private readonly stopOnExit = (): void => {
    try {
      const pid = Number(readFileSync(join(this.dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGQUIT');
    } catch {
      // Already gone.
    }
  };

  private constructor(
    readonly port: number,
    readonly dataDirectory: string,
    private readonly binDirectory: string,
    private readonly osUser: string | null,
  ) {}

  static async start(options: PrivatePostgresServerOptions = {}): Promise<PrivatePostgresServer> {
    const binDirectory = options.binDirectory ?? newestBinDirectory();
    const port = options.port ?? (await freePort());
    const osUser = process.getuid?.() === 0 ? (options.osUser ?? 'postgres') : null;
    const dataDirectory = await mkdtemp(join(tmpdir(), 'nbzb-pg-'));
    const server = new PrivatePostgresServer(port, dataDirectory, binDirectory, osUser);
    try {
      if (osUser !== null) await run('chown', [`${osUser}:`, dataDirectory]);
      await server.command('initdb', [
        '-D',
        dataDirectory,
        '-U',
        'postgres',
        '-A',
        'trust',
        '-E',
        'UTF8',
        '--no-sync',
      ]);
      await server.start();
    } catch (error) {
      await rm(dataDirectory, { recursive: true, force: true });
      throw error;
    }
    return server;
  }

  /** The `postgres` database as user `postgres`: where TestDatabase creates and drops its databases. */
  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts the server on the same port and data (a no-op while it runs); resolves once it takes connections. */
  async start(): Promise<void> {
    if (this.running) return;
    const settings = [
      `-p ${this.port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${this.dataDirectory}`,
      // A test cluster: no crash of the machine to survive, so no flush to disk on every commit.
      '-c fsync=off',
      '-c max_connections=200',
    ].join(' ');
    await this.command('pg_ctl', [
      '-D',
      this.dataDirectory,
      '-l',
      join(this.dataDirectory, 'server.log'),
      '-o',
      settings,
      '-w',
      '-t',
      '120',
      'start',
    ]);
    this.running = true;
    process.once('exit', this.stopOnExit);
  }

  /** Stops the server (every connection is cut) and waits until it is gone. */
  async stop(mode: PostgresStopMode = 'fast'): Promise<void> {
    if (!this.running) return;
    await this.command('pg_ctl', ['-D', this.dataDirectory, '-m', mode, '-w', '-t', '120', 'stop']);
    this.running = false;
    process.off('exit', this.stopOnExit);
  }

  /** The server's log so far (for a failing test's message). */
  async log(): Promise<string> {
    return readFile(join(this.dataDirectory, 'server.log'), 'utf8').catch(() => '');
  }

  /** Stops the server and deletes the cluster. */
  async dispose(): Promise<void> {
    try {
      await this.stop('immediate');
    } finally {
      await rm(this.dataDirectory, { recursive: true, force: true });
    }
  }

  private async command(program: 'initdb' | 'pg_ctl', args: readonly string[]): Promise<void> {
    const binary = join(this.binDirectory, program);
    const [file, argv] =
      this.osUser === null ? [binary, args] : ['runuser', ['-u', this.osUser, '--', binary, ...args]];
    try {
      await run(file, [...argv], { cwd: tmpdir(), timeout: 180_000 });
    } catch (error) {
      const output = error as { stdout?: string; stderr?: string; message?: string };
      throw new Error(
        `${program} ${args.at(-1) ?? ''} failed for the private PostgreSQL on port ${this.port}: ` +
          `${output.message ?? String(error)}\n${output.stdout ?? ''}${output.stderr ?? ''}\n${await this.log()}`,
      );
    }
  }
}

function newestBinDirectory(): string {
  const versions = existsSync(DEFAULT_ROOT)
    ? readdirSync(DEFAULT_ROOT)
        .filter((name) => existsSync(join(DEFAULT_ROOT, name, 'bin', 'pg_ctl')))
        .sort((left, right) => Number(right) - Number(left))
    : [];
  const [newest] = versions;
  if (newest === undefined)
    throw new Error(`no PostgreSQL server binaries under ${DEFAULT_ROOT}/<version>/bin`);
  return join(DEFAULT_ROOT, newest, 'bin');
}
