import { type NatsConnection } from '@lib/messaging';
import { IngesterReadiness } from './ingester-readiness';

describe(IngesterReadiness.name, () => {
  it.each([true, false])('should report nats %s when NATS connected is %s', async (connected) => {
    const readiness = new IngesterReadiness({ connected } as NatsConnection);

    expect(await readiness.check()).toEqual({ nats: connected });
  });
});
