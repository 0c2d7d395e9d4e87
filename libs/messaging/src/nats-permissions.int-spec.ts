import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type NatsAuth } from '@lib/config';
import { Consumers, Messages, Streams, type JobResultPayload } from '@lib/contracts';
import { PrivateNatsServer } from '@lib/testing';
import { JetStreamPublisher } from './jetstream-publisher';
import { ensureTopology } from './messaging.module';
import { NatsConnection } from './nats-connection';

jest.setTimeout(60_000);

const CONFIG_FILE = join(__dirname, '..', '..', '..', 'nats', 'nats-server.conf');
const PASSWORDS = {
  NATS_INGESTER_PASSWORD: 'ingester-password-it',
  NATS_SCHEDULER_PASSWORD: 'scheduler-password-it',
  NATS_WRITER_PASSWORD: 'writer-password-it',
  NATS_MONITOR_PASSWORD: 'monitor-password-it',
};
const SHORT = { timeoutMs: 1_500 };

function event(): Parameters<JetStreamPublisher['publish']>[1] {
  const requestId = randomUUID();
  return {
    objectType: 'dcim.device',
    objectId: 1,
    action: 'updated',
    timestamp: new Date().toISOString(),
    requestId,
    username: 'it',
    data: { id: 1 },
    prechange: null,
    postchange: null,
  };
}

function result(jobId: string): JobResultPayload {
  const now = new Date().toISOString();
  return {
    jobId,
    kind: 'DeleteZabbixHost',
    hostKey: 'dcim.device:1',
    revision: 1,
    outcome: 'started',
    attempt: 1,
    startedAt: now,
    finishedAt: now,
    worker: 'it',
  };
}

/** The repository's nats-server.conf on a real server: each app's user can do its part and nothing else. */
describe('NATS users and permissions (nats/nats-server.conf)', () => {
  let server: PrivateNatsServer;
  const connections: NatsConnection[] = [];

  async function connectAs(
    name: string,
    auth: NatsAuth | undefined,
    url = server.url,
  ): Promise<NatsConnection> {
    const connection = new NatsConnection({ servers: url, name: `permissions-it-${name}`, auth });
    connections.push(connection);
    await connection.open();
    return connection;
  }

  const user = (name: 'ingester' | 'scheduler' | 'writer' | 'monitor'): NatsAuth => ({
    kind: 'user',
    user: name,
    password: PASSWORDS[`NATS_${name.toUpperCase()}_PASSWORD` as keyof typeof PASSWORDS],
  });

  async function storedEvents(scheduler: NatsConnection): Promise<number> {
    return (await scheduler.jetstreamManager.streams.info(Streams.netboxEvents.name)).state.messages;
  }

  beforeAll(async () => {
    server = await PrivateNatsServer.start({ configFile: CONFIG_FILE, environment: PASSWORDS });
  });

  afterAll(async () => {
    for (const connection of connections) await connection.close(1_000);
    await server?.dispose();
  });

  it('should refuse a connection without credentials or with a wrong password', async () => {
    await expect(connectAs('anonymous', undefined)).rejects.toThrow(/Authorization/i);
    await expect(
      connectAs('wrong', { kind: 'user', user: 'writer', password: 'not-the-password' }),
    ).rejects.toThrow(/Authorization/i);
  });

  it('should let the scheduler set up every stream and consumer, and the others only check them', async () => {
    const scheduler = await connectAs('scheduler', user('scheduler'));
    await ensureTopology(scheduler);
    // What every app's MessagingModule does at start: with the topology in place, only reads.
    for (const name of ['ingester', 'writer', 'monitor'] as const) {
      await ensureTopology(await connectAs(`${name}-topology`, user(name)));
    }
    // A user that may only read cannot create or change it.
    const writer = await connectAs('writer-admin', user('writer'));
    await expect(writer.jetstreamManager.streams.delete(Streams.netboxEvents.name)).rejects.toThrow(
      /permission/i,
    );
    await expect(
      writer.jetstreamManager.consumers.delete(Streams.zabbixJobs.name, Consumers.writerZabbixJobs.durable),
    ).rejects.toThrow(/permission/i);
    expect((await scheduler.jetstreamManager.streams.info(Streams.netboxEvents.name)).config.name).toBe(
      Streams.netboxEvents.name,
    );
  });

  it('should let the ingester publish events, and nothing else', async () => {
    const scheduler = await connectAs('scheduler-events', user('scheduler'));
    const ingester = new JetStreamPublisher(await connectAs('ingester', user('ingester')));
    const before = await storedEvents(scheduler);
    await ingester.publish(Messages.netboxEvent, event(), { correlationId: 'it', ...SHORT });
    expect(await storedEvents(scheduler)).toBe(before + 1);
    await expect(
      ingester.publish(Messages.jobResult, result(randomUUID()), { correlationId: 'it', ...SHORT }),
    ).rejects.toThrow(/permission/i);
  });

  it('should let a writer take a job, ack it and report, but not publish events or delete jobs', async () => {
    const scheduler = await connectAs('scheduler-jobs', user('scheduler'));
    const writerConnection = await connectAs('writer', user('writer'));
    const writer = new JetStreamPublisher(writerConnection);
    const jobId = randomUUID();
    const receipt = await new JetStreamPublisher(scheduler).publish(
      Messages.hostDeleteJob,
      {
        jobId,
        hostKey: 'dcim.device:1',
        revision: 1,
        host: 'permissions-it',
        mode: 'soft',
        graveyard: { group: 'graveyard', suffix: '_archived' },
      },
      { correlationId: 'it', ...SHORT },
    );

    const consumer = await writerConnection.jetstream.consumers.get(
      Streams.zabbixJobs.name,
      Consumers.writerZabbixJobs.durable,
    );
    const message = await consumer.next({ expires: 5_000 });
    expect(message?.subject).toBe(Messages.hostDeleteJob.subjectFor({ jobId } as never));
    await writer.publish(Messages.jobResult, result(jobId), { correlationId: 'it', ...SHORT });
    await expect(
      writerConnection.jetstreamManager.streams.deleteMessage(Streams.zabbixJobs.name, receipt.sequence),
    ).rejects.toThrow(/permission/i);
    expect(await message?.ackAck()).toBe(true);

    const eventsBefore = await storedEvents(scheduler);
    await expect(
      writer.publish(Messages.netboxEvent, event(), { correlationId: 'it', ...SHORT }),
    ).rejects.toThrow(/permission/i);
    expect(await storedEvents(scheduler)).toBe(eventsBefore);
  });

  it('should take a token instead of a user', async () => {
    const tokenServer = await PrivateNatsServer.start({ extraArguments: ['--auth', 'token-it-0123456789'] });
    try {
      await expect(connectAs('no-token', undefined, tokenServer.url)).rejects.toThrow(/Authorization/i);
      const connection = await connectAs(
        'token',
        { kind: 'token', token: 'token-it-0123456789' },
        tokenServer.url,
      );
      await ensureTopology(connection);
      expect(connection.connected).toBe(true);
      await connection.close(1_000);
    } finally {
      await tokenServer.dispose();
    }
  });
});
