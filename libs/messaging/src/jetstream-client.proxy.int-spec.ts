import { randomUUID } from 'node:crypto';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { lastValueFrom } from 'rxjs';
import {
  InvalidMessageError,
  Streams,
  Subjects,
  type EnvelopeOf,
  type JobResultPayload,
} from '@lib/contracts';
import { PrivateNatsServer } from '@lib/testing';
import { JetStreamClientProxy } from './jetstream-client.proxy';
import { type PublishReceipt } from './jetstream-publisher';
import { JetStreamRecord } from './jetstream.record';
import { MessagingModule } from './messaging.module';
import { NatsConnection } from './nats-connection';

function jobResult(jobId: string): JobResultPayload {
  const now = new Date().toISOString();
  return {
    jobId,
    kind: 'DeleteZabbixHost',
    hostKey: 'dcim.device:1',
    revision: 1,
    outcome: 'succeeded',
    attempt: 1,
    startedAt: now,
    finishedAt: now,
    worker: 'proxy-test',
  };
}

describe(JetStreamClientProxy.name, () => {
  let server: PrivateNatsServer;
  let app: INestApplicationContext;
  let client: JetStreamClientProxy;

  beforeAll(async () => {
    server = await PrivateNatsServer.start();
    app = await NestFactory.createApplicationContext(
      MessagingModule.forRoot({ servers: server.url, connectionName: 'client-proxy-test' }),
      { logger: false },
    );
    await app.get(NatsConnection).ready();
    client = app.get(JetStreamClientProxy);
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await server?.dispose();
  });

  async function stored(sequence: number): Promise<{ id?: string; envelope: EnvelopeOf<JobResultPayload> }> {
    const message = await app
      .get(NatsConnection)
      .jetstreamManager.streams.getMessage(Streams.zabbixResults.name, { seq: sequence });
    if (!message) throw new Error(`no message #${sequence}`);
    return { id: message.header?.get('Nats-Msg-Id'), envelope: message.json<EnvelopeOf<JobResultPayload>>() };
  }

  it('should store the event with its message id as Nats-Msg-Id and resolve with the receipt', async () => {
    const payload = jobResult(randomUUID());
    const messageId = `result:${payload.jobId}`;
    const record = new JetStreamRecord(payload, {
      messageId,
      correlationId: 'c-proxy',
      occurredAt: new Date('2026-12-01T10:00:00.000Z'),
    });

    const first = await lastValueFrom(client.emit<PublishReceipt>(Subjects.jobResult, record));
    const again = await lastValueFrom(client.emit<PublishReceipt>(Subjects.jobResult, record));

    expect(first).toMatchObject({ messageId, stream: Streams.zabbixResults.name, duplicate: false });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await stored(first.sequence)).toEqual({
      id: messageId,
      envelope: {
        messageId,
        correlationId: 'c-proxy',
        occurredAt: '2026-12-01T10:00:00.000Z',
        schemaVersion: 1,
        payload,
      },
    });
  });

  it('should give a bare payload a new message id, which is its correlation id too', async () => {
    const receipt = await lastValueFrom(
      client.emit<PublishReceipt>(Subjects.jobResult, jobResult(randomUUID())),
    );

    const { id, envelope } = await stored(receipt.sequence);
    expect(id).toBe(receipt.messageId);
    expect(envelope).toMatchObject({ messageId: receipt.messageId, correlationId: receipt.messageId });
  });

  it.each<[string, string, unknown, RegExp]>([
    [
      'the payload belongs on another subject',
      'netbox.event.dcim.device.deleted.v1',
      new JetStreamRecord(
        {
          objectType: 'dcim.device',
          objectId: 1,
          action: 'created',
          timestamp: new Date().toISOString(),
          requestId: randomUUID(),
          username: 'tester',
          data: { id: 1 },
          prechange: null,
          postchange: null,
        },
        { correlationId: 'c' },
      ),
      /belongs on netbox\.event\.dcim\.device\.created\.v1, not on netbox\.event\.dcim\.device\.deleted\.v1/,
    ],
    ['no message is defined for the subject', 'nowhere.v1', jobResult(randomUUID()), /nowhere\.v1/],
    [
      'the payload fails validation',
      Subjects.jobResult,
      new JetStreamRecord({ ...jobResult(randomUUID()), outcome: 'maybe' }, { correlationId: 'c' }),
      /outcome/,
    ],
  ])('should refuse to publish when %s', async (_case, subject, data, reason) => {
    const before = (await app.get(NatsConnection).jetstreamManager.streams.info(Streams.zabbixResults.name))
      .state.messages;

    const emitted = lastValueFrom(client.emit(subject, data));

    await expect(emitted).rejects.toThrow(InvalidMessageError);
    await expect(emitted).rejects.toThrow(reason);
    const after = (await app.get(NatsConnection).jetstreamManager.streams.info(Streams.zabbixResults.name))
      .state.messages;
    expect(after).toBe(before);
  });

  it('should refuse request/response with a clear error', () => {
    expect(() => client.send(Subjects.jobResult, jobResult(randomUUID()))).toThrow(
      /does not support request\/response/,
    );
  });

  it('should leave the connection to MessagingModule when closed', async () => {
    client.close();

    await expect(
      lastValueFrom(client.emit<PublishReceipt>(Subjects.jobResult, jobResult(randomUUID()))),
    ).resolves.toMatchObject({
      duplicate: false,
    });
  });
});
