import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { RetryableError } from '@lib/contracts';
import { ZabbixClient, ZabbixUnavailableError } from '@lib/clients';
import { WRITER_TIMINGS, type WriterTimings } from '../writer.tokens';
import { probeDelayMs } from './domain/outage-probe';

/**
 * Pauses work while Zabbix is unreachable instead of spending job attempts on the outage. The first job
 * that meets the outage trips it; from then on every job waits, one probe at a time asks Zabbix whether it
 * is back (so the call rate while it is down stays at one every few seconds), and the jobs run again when
 * it answers. The messages stay with this writer meanwhile (their heartbeats go on), so nothing is
 * redelivered elsewhere and nothing is lost.
 */
@Injectable()
export class ZabbixAvailability implements OnModuleDestroy {
  private readonly logger = new Logger(ZabbixAvailability.name);
  private outage?: Promise<void>;
  private readonly stopping = new AbortController();

  constructor(
    private readonly zabbix: ZabbixClient,
    @Inject(WRITER_TIMINGS) private readonly timings: WriterTimings,
  ) {}

  /** True while an outage is being waited out. */
  get paused(): boolean {
    return this.outage !== undefined;
  }

  /** Runs `work`, and runs it again once Zabbix is back whenever it fails because Zabbix is unreachable. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    for (;;) {
      await this.outage;
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof ZabbixUnavailableError) || this.stopping.signal.aborted) throw error;
        this.trip(error);
      }
    }
  }

  /** On shutdown, jobs stop waiting: they fail as retryable and go back to the queue for another writer. */
  onModuleDestroy(): void {
    this.stopping.abort();
  }

  private trip(cause: ZabbixUnavailableError): void {
    if (this.outage) return;
    this.logger.warn(`Zabbix is unreachable (${cause.message}); pausing work until it answers again`);
    const startedAt = Date.now();
    this.outage = this.waitForZabbix()
      .then((probes) => {
        const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
        this.logger.log(`Zabbix answers again after ${seconds} s (${probes} probes); resuming work`);
      })
      .finally(() => {
        this.outage = undefined;
      });
  }

  /** Resolves with the number of probes once Zabbix answers; rejects when the writer shuts down. */
  private async waitForZabbix(): Promise<number> {
    for (let probe = 1; ; probe += 1) {
      try {
        await sleep(probeDelayMs(probe, this.timings.outageProbeMaxMs), undefined, {
          signal: this.stopping.signal,
        });
      } catch {
        throw new RetryableError('the writer is shutting down while Zabbix is unreachable');
      }
      try {
        await this.zabbix.ping();
        return probe;
      } catch (error) {
        if (!(error instanceof ZabbixUnavailableError)) return probe;
      }
    }
  }
}
