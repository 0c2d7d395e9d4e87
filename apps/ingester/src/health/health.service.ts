import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { NatsConnection } from '@lib/messaging';

export interface HealthStatus {
  readonly status: 'ok';
}

export interface ReadinessStatus {
  readonly status: 'ready';
  readonly nats: 'connected';
}

/** Liveness (the process answers) and readiness (NATS is connected, so webhooks can be stored). */
@Injectable()
export class HealthService {
  constructor(private readonly nats: NatsConnection) {}

  liveness(): HealthStatus {
    return { status: 'ok' };
  }

  readiness(): ReadinessStatus {
    if (!this.nats.connected) throw new ServiceUnavailableException('NATS is not connected');
    return { status: 'ready', nats: 'connected' };
  }
}
