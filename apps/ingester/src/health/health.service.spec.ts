import { ServiceUnavailableException } from '@nestjs/common';
import { type NatsConnection } from '@lib/messaging';
import { HealthService } from './health.service';

function serviceWith(connected: boolean): HealthService {
  return new HealthService({ connected } as NatsConnection);
}

describe(HealthService.name, () => {
  it('should report live whatever NATS does', () => {
    expect(serviceWith(false).liveness()).toEqual({ status: 'ok' });
  });

  it('should report ready when NATS is connected', () => {
    expect(serviceWith(true).readiness()).toEqual({ status: 'ready', nats: 'connected' });
  });

  it('should answer 503 when NATS is not connected', () => {
    expect(() => serviceWith(false).readiness()).toThrow(ServiceUnavailableException);
  });
});
