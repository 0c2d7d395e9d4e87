import { Inject, Injectable } from '@nestjs/common';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { Streams } from '@lib/contracts';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { busSnapshot, MONITORING_HINT, monitorUrlFor, type BusPage } from './domain/bus-snapshot';

/** How long one monitoring request may take: the page should say "unreachable" quickly. */
const MONITOR_TIMEOUT_MS = 3_000;

/**
 * Reads NATS's HTTP monitoring endpoint for the console's bus page (a browser cannot reach NATS itself):
 * `/jsz?consumers=true` for streams and consumers, `/connz` for the connected clients. Where the server has
 * no monitoring port, the page says so and how to enable it.
 */
@Injectable()
export class BusMonitorService {
  private readonly monitorUrl: string;
  private readonly http: AxiosInstance;

  constructor(@Inject(SCHEDULER_CONFIG) config: SchedulerSettingsConfig) {
    this.monitorUrl = monitorUrlFor(config.NATS_URL, config.NATS_MONITOR_URL);
    this.http = axios.create({ baseURL: this.monitorUrl, timeout: MONITOR_TIMEOUT_MS, maxRedirects: 0 });
  }

  async page(now: () => Date = () => new Date()): Promise<BusPage> {
    try {
      const [jsz, connz] = await Promise.all([
        this.get('/jsz', { consumers: 'true' }),
        this.get('/connz', { limit: '1024' }),
      ]);
      return busSnapshot({
        monitorUrl: this.monitorUrl,
        jsz,
        connz,
        deadLetterStream: Streams.deadLetters.name,
        readAt: now(),
      });
    } catch (error) {
      return {
        available: false,
        monitorUrl: this.monitorUrl,
        reason: reasonOf(error),
        hint: MONITORING_HINT,
      };
    }
  }

  private async get(path: string, params: Record<string, string>): Promise<unknown> {
    const response = await this.http.get<unknown>(path, { params, responseType: 'json' });
    return response.data;
  }
}

function reasonOf(error: unknown): string {
  if (isAxiosError(error)) {
    if (error.response) return `${error.config?.url ?? 'monitoring'} answered HTTP ${error.response.status}`;
    return error.code ? `${error.code}: ${error.message}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
