import { Controller, Get, HttpCode, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ReadinessCheck } from './readiness-check';

export interface LivenessStatus {
  readonly status: 'ok';
}

/** `{ status: 'ready', nats: true, … }`: the status and each dependency's state. */
export type ReadinessStatus = Readonly<Record<string, string | boolean>>;

/**
 * GET /healthz: the process answers. GET /readyz: 200 when every dependency of the app answers, otherwise
 * 503 naming each (`{ status: 'not ready', nats: false, … }`). Both open, like /metrics.
 */
@ApiTags('probes')
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessCheck) {}

  @Get('healthz')
  @HttpCode(HttpStatus.OK)
  liveness(): LivenessStatus {
    return { status: 'ok' };
  }

  @Get('readyz')
  @HttpCode(HttpStatus.OK)
  async ready(): Promise<ReadinessStatus> {
    const states = await this.readiness.check();
    if (Object.values(states).some((up) => !up)) {
      throw new ServiceUnavailableException({ status: 'not ready', ...states });
    }
    return { status: 'ready', ...states };
  }
}
