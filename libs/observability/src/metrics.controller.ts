import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { MetricsRegistry } from './metrics-registry';

/** GET /metrics in Prometheus' text format. Open, like the probes: it carries no secret. */
@ApiTags('probes')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() response: Response): Promise<void> {
    const body = await this.metrics.metrics();
    response.type(this.metrics.contentType).send(body);
  }
}
