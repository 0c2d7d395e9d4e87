import { createServer, type AddressInfo } from 'node:net';
import { Consumers, Messages, Streams } from '@lib/contracts';
import { loadConfig, SchedulerConfig } from '@lib/config';
import { ensureTopology, JetStreamPublisher, NatsConnection } from '@lib/messaging';
import { buildDesiredHost, buildUpsertJob, PrivateNatsServer } from '@lib/testing';
import { BusMonitorService } from './bus-monitor.service';
import { MONITORING_HINT, type BusSnapshot } from './domain/bus-snapshot';

jest.setTimeout(30_000);

/** The bus page's data read from a real nats-server's monitoring endpoint, and from a server without one. */
describe(BusMonitorService.name, () => {
  let nats: PrivateNatsServer;
  let client: NatsConnection;

  beforeAll(async () => {
    nats = await PrivateNatsServer.start({ monitor: true });
    client = new NatsConnection({ servers: nats.url, name: 'bus-monitor-test' });
    await client.open();
    await ensureTopology(client);
    const publisher = new JetStreamPublisher(client);
    // Two jobs no writer takes (the writers' backlog) and one dead letter.
    for (const name of ['bus-a-', 'bus-b-']) {
      await publisher.publish(Messages.hostUpsertJob, buildUpsertJob(buildDesiredHost(name)), {
        correlationId: 'bus-test',
      });
    }
    await publisher.publish(
      Messages.deadLetter,
      {
        originalSubject: 'netbox.event.dcim.device.created.v1',
        stream: Streams.netboxEvents.name,
        consumer: Consumers.schedulerNetboxEvents.durable,
        streamSequence: 1,
        deliveryCount: 1,
        errorType: 'InvalidMessageError',
        reason: 'test',
        originalBody: '{}',
        failedAt: new Date().toISOString(),
      },
      { correlationId: 'bus-test' },
    );
  });

  afterAll(async () => {
    await client?.close();
    await nats?.dispose();
  });

  function monitor(environment: Record<string, string>): BusMonitorService {
    return new BusMonitorService(loadConfig(SchedulerConfig, { NATS_URL: nats.url, ...environment }));
  }

  it('should read streams, consumers, dead letters and named connections from the monitoring endpoint', async () => {
    const page = (await monitor({ NATS_MONITOR_URL: nats.monitorUrl ?? '' }).page()) as BusSnapshot;

    expect(page.available).toBe(true);
    expect(page.monitorUrl).toBe(nats.monitorUrl);
    const jobs = page.streams.find((stream) => stream.name === Streams.zabbixJobs.name);
    expect(jobs?.messages).toBe(2);
    expect(jobs?.consumers).toEqual([
      { name: Consumers.writerZabbixJobs.durable, pending: 2, ackPending: 0, redelivered: 0, waiting: 0 },
    ]);
    expect(page.deadLetters).toEqual({ stream: Streams.deadLetters.name, messages: 1 });
    expect(page.streams.map((stream) => stream.name)).toEqual(
      Object.values(Streams)
        .map((stream) => stream.name)
        .sort(),
    );
    expect(page.connections.map((connection) => connection.name)).toEqual(['bus-monitor-test']);
  });

  it('should say how to enable monitoring where the server has no monitoring port', async () => {
    const closed = `http://127.0.0.1:${await closedPort()}`;

    const page = await monitor({ NATS_MONITOR_URL: closed }).page();

    expect(page).toMatchObject({ available: false, monitorUrl: closed, hint: MONITORING_HINT });
    expect(page.available === false && page.reason).toMatch(/ECONNREFUSED/);
  });
});

/** A port nothing listens on (just released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
