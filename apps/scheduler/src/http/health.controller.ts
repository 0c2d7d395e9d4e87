import { Controller, Get, HttpCode, HttpStatus, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { NatsConnection } from '@lib/messaging';

@ApiTags('probes')
@Controller()
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly nats: NatsConnection,
  ) {}

  @Get('healthz')
  @HttpCode(HttpStatus.OK)
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready(): Promise<{ status: 'ready'; nats: boolean; database: boolean }> {
    const database = await this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const nats = this.nats.connected;
    if (!database || !nats) throw new ServiceUnavailableException({ status: 'not ready', nats, database });
    return { status: 'ready', nats, database };
  }
}
