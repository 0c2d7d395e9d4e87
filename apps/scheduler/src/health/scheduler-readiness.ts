import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NatsConnection } from '@lib/messaging';
import { type DependencyStates, ReadinessCheck } from '@lib/observability';

/** Ready when NATS is connected and PostgreSQL answers. */
@Injectable()
export class SchedulerReadiness extends ReadinessCheck {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly nats: NatsConnection,
  ) {
    super();
  }

  async check(): Promise<DependencyStates> {
    const database = await this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    return { nats: this.nats.connected, database };
  }
}
