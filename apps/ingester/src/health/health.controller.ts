import { Controller, Get } from '@nestjs/common';
import { type HealthStatus, HealthService, type ReadinessStatus } from './health.service';

@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('healthz')
  liveness(): HealthStatus {
    return this.health.liveness();
  }

  @Get('readyz')
  readiness(): ReadinessStatus {
    return this.health.readiness();
  }
}
