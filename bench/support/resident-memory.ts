import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** This checkout: other engineers' checkouts run their own bridges on the same machine. */
const ROOT = join(__dirname, '..', '..');

export const BRIDGE_SERVICES = ['ingester', 'scheduler', 'zabbix-writer'] as const;
export type BridgeService = (typeof BRIDGE_SERVICES)[number];

/** Resident memory of the bridge's node processes started from this checkout's build, by service, in MB. */
export function residentMemoryByService(): Record<BridgeService, number[]> {
  const lines = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8' }).split('\n');
  const sizes = (name: BridgeService): number[] =>
    lines
      .filter((line) => line.includes(join(ROOT, 'dist', 'apps', name, 'src', 'main.js')))
      .map((line) => Math.round(Number(line.trim().split(/\s+/)[0]) / 1024));
  return {
    ingester: sizes('ingester'),
    scheduler: sizes('scheduler'),
    'zabbix-writer': sizes('zabbix-writer'),
  };
}

/** `ingester 96 MB, scheduler 167 MB, zabbix-writer 150 MB` (replicas joined by `+`). */
export function describeMemory(memory: Record<BridgeService, number[]>): string {
  return BRIDGE_SERVICES.map((name) => `${name} ${memory[name].join('+') || '-'} MB`).join(', ');
}

/** Samples resident memory every `intervalMs` until stopped; keeps each service's highest figure. */
export class PeakMemorySampler {
  private readonly peak: Record<BridgeService, number[]> = {
    ingester: [],
    scheduler: [],
    'zabbix-writer': [],
  };
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 250) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): Record<BridgeService, number[]> {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }

  private sample(): void {
    const now = residentMemoryByService();
    for (const name of BRIDGE_SERVICES) {
      now[name].forEach((size, index) => {
        this.peak[name][index] = Math.max(this.peak[name][index] ?? 0, size);
      });
    }
  }
}
