import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
export const SERVICE_NAMES = ['scheduler', 'zabbix-writer', 'ingester'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * The three services as separate processes, started from the compiled build (`npm run build`), as a
 * deployment runs them. Output is kept so a failing test can show it.
 */
export class ServiceProcesses {
  private readonly children = new Map<string, ChildProcess>();
  private readonly output = new Map<string, string[]>();

  constructor(private readonly environment: Record<string, string>) {}

  start(name: ServiceName, extra: Record<string, string> = {}, label: string = name): void {
    const entry = join(ROOT, 'dist', 'apps', name, 'src', 'main.js');
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run 'npm run build' before the e2e tests`);
    const child = spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH ?? '', ...this.environment, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // A process started again under its label (after a kill) adds to the output its predecessor left.
    const lines = this.output.get(label) ?? [];
    if (lines.length > 0) lines.push(`----- ${label} started again -----\n`);
    this.output.set(label, lines);
    const keep = (chunk: Buffer): void => {
      lines.push(chunk.toString());
      if (lines.length > 400) lines.splice(0, lines.length - 400);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.children.set(label, child);
  }

  /** Stops one process (SIGTERM, then SIGKILL after `graceMs`). */
  async stop(label: string, graceMs = 5_000): Promise<void> {
    const child = this.children.get(label);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Kills a process at once (SIGKILL), as a crash or an OOM kill would: no shutdown hook runs. */
  async kill(label: string): Promise<void> {
    const child = this.children.get(label);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /** Freezes a process (SIGSTOP): it keeps its connections but does nothing until `resume`. */
  pause(label: string): void {
    this.children.get(label)?.kill('SIGSTOP');
  }

  resume(label: string): void {
    this.children.get(label)?.kill('SIGCONT');
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children.keys()].map((label) => this.stop(label)));
  }

  alive(label: string): boolean {
    const child = this.children.get(label);
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  logs(label: string): string {
    return (this.output.get(label) ?? []).join('');
  }

  allLogs(): string {
    return [...this.output.keys()].map((label) => `----- ${label} -----\n${this.logs(label)}`).join('\n');
  }
}
