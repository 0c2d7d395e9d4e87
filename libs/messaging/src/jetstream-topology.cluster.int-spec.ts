import { randomUUID } from 'node:crypto';
import { Consumers, Messages, Streams } from '@lib/contracts';
import { PrivateNatsCluster, PrivateNatsServer, waitFor } from '@lib/testing';
import { JetStreamPublisher } from './jetstream-publisher';
import { ALL_CONSUMERS, ALL_STREAMS, ensureTopology } from './messaging.module';
import { NatsConnection } from './nats-connection';

jest.setTimeout(120_000);

function event(): Parameters<JetStreamPublisher['publish']>[1] {
  return {
    objectType: 'dcim.device',
    objectId: 1,
    action: 'updated',
    timestamp: new Date().toISOString(),
    requestId: randomUUID(),
    username: 'it',
    data: { id: 1 },
    prechange: null,
    postchange: null,
  };
}

/**
 * NATS_REPLICAS on a real 3-node cluster of nats-server 2.9: streams scaled in place with their messages,
 * consumers following their stream, an app without the setting leaving the count alone, and a stream of 3
 * still taking and handing out messages with one node killed -9.
 */
describe('JetStream topology with replicas (3-node cluster)', () => {
  let cluster: PrivateNatsCluster;
  const connections: NatsConnection[] = [];

  async function connect(servers: string, name: string): Promise<NatsConnection> {
    const connection = new NatsConnection({ servers, name: `topology-cluster-it-${name}` });
    connections.push(connection);
    await connection.open();
    return connection;
  }

  beforeAll(async () => {
    cluster = await PrivateNatsCluster.start();
  });

  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await cluster?.dispose();
  });

  async function counts(
    connection: NatsConnection,
  ): Promise<{ streams: number[]; consumers: (number | undefined)[]; consumerPeers: number[] }> {
    const manager = connection.jetstreamManager;
    const streams = await Promise.all(
      ALL_STREAMS.map(async (stream) => (await manager.streams.info(stream.name)).config.num_replicas),
    );
    const consumers = await Promise.all(
      ALL_CONSUMERS.map(
        async (consumer) =>
          (await manager.consumers.info(consumer.stream.name, consumer.durable)).config.num_replicas,
      ),
    );
    const consumerPeers = await Promise.all(
      ALL_CONSUMERS.map(
        async (consumer) =>
          1 +
          ((await manager.consumers.info(consumer.stream.name, consumer.durable)).cluster?.replicas ?? [])
            .length,
      ),
    );
    return { streams, consumers, consumerPeers };
  }

  it('should scale every stream from 1 copy to 3 in place, keeping its messages, and its consumers with it', async () => {
    const scheduler = await connect(cluster.urlPreferring(0), 'scheduler');
    await ensureTopology(scheduler);
    expect(await counts(scheduler)).toEqual({
      streams: ALL_STREAMS.map(() => 1),
      consumers: ALL_CONSUMERS.map(() => 0),
      consumerPeers: ALL_CONSUMERS.map(() => 1),
    });
    const publisher = new JetStreamPublisher(scheduler);
    for (let index = 0; index < 5; index += 1) {
      await publisher.publish(Messages.netboxEvent, event(), { correlationId: 'it' });
    }

    await ensureTopology(scheduler, 3);

    // A consumer's peers are placed a moment after its stream's.
    await waitFor(
      async () => (await counts(scheduler)).consumerPeers.every((peers) => peers === 3),
      'every consumer on 3 peers',
      30_000,
      250,
    );
    expect(await counts(scheduler)).toEqual({
      streams: ALL_STREAMS.map(() => 3),
      consumers: ALL_CONSUMERS.map(() => 3),
      consumerPeers: ALL_CONSUMERS.map(() => 3),
    });
    const info = await scheduler.jetstreamManager.streams.info(Streams.netboxEvents.name);
    expect(info.state.messages).toBe(5);
  });

  it('should leave 3 copies alone when an app without NATS_REPLICAS starts on another node', async () => {
    const ingester = await connect(cluster.urlPreferring(2), 'ingester');

    await ensureTopology(ingester, undefined);

    expect((await counts(ingester)).streams).toEqual(ALL_STREAMS.map(() => 3));
  });

  it('should refuse NATS_REPLICAS above 1 on a server that is not in a cluster', async () => {
    const single = await PrivateNatsServer.start();
    try {
      const connection = await connect(single.url, 'single');

      await expect(ensureTopology(connection, 3)).rejects.toThrow(
        /NATS_REPLICAS is 3 but .* not in a cluster/,
      );
      await expect(connection.jetstreamManager.streams.info(Streams.netboxEvents.name)).rejects.toThrow(
        /not found/,
      );
    } finally {
      await single.dispose();
    }
  });

  it('should keep storing and handing out messages when the node leading the stream is killed -9, and catch up after', async () => {
    // A cluster of its own, the topology made with 3 copies from the start (as a deployment with
    // NATS_REPLICAS=3 does). On the cluster the tests above scaled from 1 copy to 3 in place, a consumer's
    // leadership did not always move within a minute when its node was killed (nats-server 2.9.10, seen in
    // CI and here); README, NATS_REPLICAS, says so.
    for (const connection of connections.splice(0)) await connection.close();
    await cluster.dispose();
    cluster = await PrivateNatsCluster.start();
    const client = await connect(cluster.url, 'client');
    await ensureTopology(client, 3);
    const manager = client.jetstreamManager;
    const publisher = new JetStreamPublisher(client);
    const { stream, durable } = Consumers.schedulerNetboxEvents;
    const leader = (await manager.streams.info(stream.name)).cluster?.leader;
    const leaderIndex = cluster.nodes.findIndex((_, index) => leader?.endsWith(`-${index + 1}`));
    expect(leaderIndex).toBeGreaterThanOrEqual(0);
    const before = (await manager.streams.info(stream.name)).state.messages;

    await cluster.kill(leaderIndex);
    // Until the two others elect a new leader a publish may time out: the publisher is told, never acked.
    await waitFor(
      async () =>
        publisher.publish(Messages.netboxEvent, event(), { correlationId: 'it', timeoutMs: 2_000 }).then(
          () => true,
          () => false,
        ),
      'a publish acknowledged by the two nodes left',
      60_000,
      500,
    );
    // The consumer's leader may have been on that node too: asked again until a new one answers.
    const first = await waitFor(
      async () => {
        try {
          const consumer = await client.jetstream.consumers.get(stream.name, durable);
          return (await consumer.next({ expires: 2_000 })) ?? undefined;
        } catch {
          return undefined;
        }
      },
      'a message from the consumer',
      60_000,
      500,
    );
    first.ack();
    // Not cluster.restart(), which waits for /healthz: on 2.9.10 a restarted node can report an idle consumer
    // of another stream "not current" for longer than a minute (seen in CI). What this test needs is the
    // stream: every replica current again, the message kept.
    await cluster.node(leaderIndex).restart();
    const after = await waitFor(
      async () => {
        const info = await manager.streams.info(stream.name);
        const replicas = info.cluster?.replicas ?? [];
        return replicas.length === 2 && replicas.every((replica) => replica.current) ? info : undefined;
      },
      'every replica of the stream current again',
      60_000,
      500,
    );

    expect(after.state.messages).toBe(before + 1);
    expect(after.cluster?.leader).not.toBe(leader);
    expect(after.config.num_replicas).toBe(3);
  });
});
