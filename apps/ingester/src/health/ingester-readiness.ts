import { Injectable } from '@nestjs/common';
import { NatsConnection } from '@lib/messaging';
import { type DependencyStates, ReadinessCheck } from '@lib/observability';

/** Ready when NATS is connected, so webhooks can be stored. */
@Injectable()
export class IngesterReadiness extends ReadinessCheck {
  constructor(private readonly nats: NatsConnection) {
    super();
  }

  check(): Promise<DependencyStates> {
    return Promise.resolve({ nats: this.nats.connected });
  }
}
