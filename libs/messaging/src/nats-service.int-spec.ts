import { randomUUID } from 'node:crypto';
import { Controller, Inject, type INestMicroservice, Module, UseFilters } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type CustomStrategy, EventPattern, Payload } from '@nestjs/microservices';
import {
  Messages,
  PermanentError,
  Streams,
  Subjects,
  type ConsumerSpec,
  type HostDeleteJobPayload,
  type StreamSpec,
} from '@lib/contracts';
import { PrivateNatsServer, waitFor } from '@lib/testing';
import { JetStreamExceptionFilter } from './jetstream-exception.filter';
import { JetStreamPublisher } from './jetstream-publisher';
import { JetStreamServer } from './jetstream.server';
import { NatsConnection } from './nats-connection';
import {
  type ServiceInfoResponse,
  type ServicePingResponse,
  type ServiceStatsResponse,
} from './nats-service';

jest.setTimeout(60_000);

const FAILING_HOST = 'refused-host';

@Controller()
@UseFilters(JetStreamExceptionFilter)
class DeleteJobsController {
  constructor(@Inject('handled') private readonly handled: string[]) {}

  @EventPattern(Subjects.hostDeleteJob)
  onDelete(@Payload() job: HostDeleteJobPayload): void {
    if (job.host === FAILING_HOST) throw new PermanentError('Zabbix refused the host');
    this.handled.push(job.host);
  }
}

@Module({ controllers: [DeleteJobsController] })
class ReplicaModule {}

const stream: StreamSpec = { ...Streams.zabbixJobs, name: 'TEST_SERVICE_JOBS' };
const consumer: ConsumerSpec = {
  stream,
  durable: 'test-service-workers',
  filterSubject: Subjects.zabbixJobsAll,
  ackWaitMs: 5_000,
  maxAckPending: 100,
  maxAttempts: 2,
};

function deleteJob(host: string): HostDeleteJobPayload {
  return {
    jobId: randomUUID(),
    hostKey: 'dcim.device:1',
    revision: 1,
    host,
    mode: 'hard',
    graveyard: { group: 'graveyard', suffix: '_archived' },
  };
}

describe('NatsService on a JetStreamServer', () => {
  let server: PrivateNatsServer;
  let client: NatsConnection;
  const handled: string[] = [];
  const replicas: INestMicroservice[] = [];

  async function startReplica(replica: string): Promise<void> {
    const app = await NestFactory.createMicroservice<CustomStrategy>(
      { module: ReplicaModule, providers: [{ provide: 'handled', useValue: handled }] },
      {
        strategy: new JetStreamServer({
          servers: server.url,
          connectionName: `test-writer-${replica}-consumers`,
          consumers: [{ spec: consumer, concurrency: 2 }],
          service: { name: 'test-writer', version: '1.2.3', description: 'writes test hosts' },
        }),
        logger: false,
      },
    );
    await app.listen();
    replicas.push(app);
  }

  /** The answers to a request sent to all services: as many as expected, or what came within 5 s. */
  async function ask<T>(subject: string, expected = 2): Promise<T[]> {
    const answers: T[] = [];
    for await (const message of await client.core.requestMany(subject, '', {
      strategy: 'count',
      maxMessages: expected,
      maxWait: 5_000,
    })) {
      answers.push(message.json<T>());
    }
    return answers;
  }

  beforeAll(async () => {
    server = await PrivateNatsServer.start();
    client = new NatsConnection({ servers: server.url, name: 'nats-service-test' });
    await client.open();
    await startReplica('a');
    await startReplica('b');
  });

  afterAll(async () => {
    for (const app of replicas) await app.close();
    await client?.close();
    await server?.dispose();
  });

  it('should answer $SRV.PING from every replica, each with its own id', async () => {
    const pings = await ask<ServicePingResponse>('$SRV.PING');

    expect(pings).toHaveLength(2);
    expect(new Set(pings.map((ping) => ping.id)).size).toBe(2);
    for (const ping of pings) {
      expect(ping).toMatchObject({
        type: 'io.nats.micro.v1.ping_response',
        name: 'test-writer',
        version: '1.2.3',
      });
    }
    expect(pings.map((ping) => ping.metadata.connection).sort()).toEqual([
      'test-writer-a-consumers',
      'test-writer-b-consumers',
    ]);
  });

  it('should describe its endpoints on $SRV.INFO.<name>', async () => {
    const infos = await ask<ServiceInfoResponse>('$SRV.INFO.test-writer');

    expect(infos).toHaveLength(2);
    expect(infos[0]).toMatchObject({
      type: 'io.nats.micro.v1.info_response',
      description: 'writes test hosts',
      endpoints: [
        {
          name: 'test-service-workers',
          subject: Subjects.zabbixJobsAll,
          queue_group: 'test-service-workers',
          metadata: { stream: 'TEST_SERVICE_JOBS', consumer: 'test-service-workers', transport: 'jetstream' },
        },
      ],
    });
  });

  it('should count handled messages and failures in $SRV.STATS, per instance on $SRV.STATS.<name>.<id>', async () => {
    const publisher = new JetStreamPublisher(client);
    for (const host of ['one', 'two', 'three', FAILING_HOST]) {
      await publisher.publish(Messages.hostDeleteJob, deleteJob(host), { correlationId: `corr-${host}` });
    }

    const totals = await waitFor(async () => {
      const stats = await ask<ServiceStatsResponse>('$SRV.STATS.test-writer');
      const endpoints = stats.flatMap((answer) => answer.endpoints);
      const requests = endpoints.reduce((sum, endpoint) => sum + endpoint.num_requests, 0);
      return requests === 4 && stats.length === 2 ? { stats, endpoints } : undefined;
    }, 'four handled messages in the stats');

    expect(totals.endpoints.reduce((sum, endpoint) => sum + endpoint.num_errors, 0)).toBe(1);
    const failed = totals.endpoints.find((endpoint) => endpoint.num_errors === 1);
    expect(failed?.last_error).toBe('PermanentError: Zabbix refused the host');
    for (const endpoint of totals.endpoints.filter((each) => each.num_requests > 0)) {
      expect(endpoint.processing_time).toBeGreaterThan(0);
      expect(endpoint.average_processing_time).toBe(
        Math.round(endpoint.processing_time / endpoint.num_requests),
      );
    }
    const one = totals.stats[0];
    // Asks for two answers and gets one: only that instance answers (the wait ends after 5 s).
    const direct = await ask<ServiceStatsResponse>(`$SRV.STATS.test-writer.${one?.id}`);
    expect(direct.map((answer) => answer.id)).toEqual([one?.id]);
    expect(Date.parse(direct[0]?.started ?? '')).toBeLessThanOrEqual(Date.now());
    expect(handled.sort()).toEqual(['one', 'three', 'two']);
  });
});
