import { randomUUID } from 'node:crypto';
import { Consumers, Messages, type NetboxEventPayload } from '@lib/contracts';
import { encodeEnvelope } from '@lib/messaging';
import { EventLog, Job } from '@lib/models';
import { loadNetboxFixture, waitFor } from '@lib/testing';
import { ApiClient } from '../../test/api-client';
import { SchedulerHarness } from '../../test/scheduler-harness';
import { DeadLetterService } from './dead-letter.service';

jest.setTimeout(60_000);

const TOKEN = 'dead-letters-test-token-0123456789';

type DeviceData = Record<string, unknown> & { id: number; name: string };

/** Dead letters and the event log through the API, on real PostgreSQL and NATS; the test plays the writer. */
describe(DeadLetterService.name, () => {
  let harness: SchedulerHarness;
  let api: ApiClient;
  const template = loadNetboxFixture<{ data: DeviceData }>('webhook-device-updated.json').data;
  let clock = Date.parse('2026-11-01T00:00:00Z');

  function device(id: number): DeviceData {
    clock += 1_000;
    return {
      ...template,
      id,
      name: `nzbt-dlq-${id}`,
      primary_ip4: {
        id: id * 10,
        address: `192.0.2.${id % 250}/24`,
        dns_name: '',
        family: { value: 4, label: 'IPv4' },
      },
      last_updated: new Date(clock).toISOString(),
    };
  }

  /** A NetBox event as the ingester publishes it, and the dead letter a consumer would make of it. */
  async function deadLetterEvent(id: number, originalBody?: string): Promise<void> {
    const event: NetboxEventPayload = {
      objectType: 'dcim.device',
      objectId: id,
      action: 'created',
      timestamp: new Date().toISOString(),
      requestId: randomUUID(),
      username: 'tester',
      data: device(id),
      prechange: null,
      postchange: null,
    };
    const body = Buffer.from(
      encodeEnvelope(Messages.netboxEvent, event, {
        messageId: randomUUID(),
        correlationId: 'netbox-request-1',
        occurredAt: new Date(),
      }),
    ).toString('utf8');
    await harness.publishDeadLetter(
      {
        originalSubject: Messages.netboxEvent.subjectFor(event),
        stream: Consumers.schedulerNetboxEvents.stream.name,
        consumer: Consumers.schedulerNetboxEvents.durable,
        streamSequence: 7,
        deliveryCount: 5,
        errorType: 'RetryableError',
        reason: 'NetBox unavailable',
        originalBody: originalBody ?? body,
        failedAt: new Date().toISOString(),
      },
      randomUUID(),
    );
  }

  async function deadLetters(query = ''): Promise<Record<string, unknown>[]> {
    return (await api.get(`/api/dead-letters${query}`)).body.items as Record<string, unknown>[];
  }

  beforeAll(async () => {
    harness = await SchedulerHarness.start({ API_TOKENS: `admin:rw:${TOKEN}`, COALESCE_WINDOW_MS: '0' });
    api = await ApiClient.listen(harness, TOKEN);
    await api.patch('/api/settings', { eventLogEnabled: true });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('should list a dead-lettered NetBox event and replay it by publishing it again', async () => {
    await deadLetterEvent(3101);
    const [letter] = await waitFor(async () => {
      const items = await deadLetters();
      return items.length === 1 ? items : undefined;
    }, 'the dead letter listed');

    expect(letter).toMatchObject({
      kind: 'other',
      originalSubject: Messages.netboxEvent.subjectFor({
        objectType: 'dcim.device',
        action: 'created',
      } as never),
      errorType: 'RetryableError',
      reason: 'NetBox unavailable',
      hostKey: 'dcim.device:3101',
      replay: 'republish',
    });
    expect(letter).not.toHaveProperty('originalBody');
    // The scheduler recorded it as a failed DeadLetter job: the one the item names.
    await waitFor(
      async () =>
        (await harness.dataSource.getRepository(Job).findOneBy({ id: String(letter?.jobId) })) ?? undefined,
      'the DeadLetter job',
    );

    const replayed = await api.post(`/api/dead-letters/${String(letter?.id)}/replay`);

    expect(replayed.status).toBe(202);
    expect(replayed.body).toMatchObject({ replay: 'republish', jobId: null });
    const job = await harness.nextJob();
    expect(job).toMatchObject({ kind: 'CreateZabbixHost', hostKey: 'dcim.device:3101' });
    await harness.report(job, 'succeeded', { operation: 'created', hostid: '93101' });
  });

  it('should retry a dead-lettered host job as its host is now', async () => {
    await harness.publishEvent('dcim.device', 3102, 'created', device(3102));
    const failed = await harness.nextJob();
    await harness.deadLetter(failed, 'writer gave up');
    await waitFor(async () => {
      const row = await harness.dataSource.getRepository(Job).findOneBy({ id: failed.jobId });
      return row && row.status !== 'pending' && row.status !== 'running' ? row : undefined;
    }, 'the job failed');
    const letter = (await deadLetters()).find((item) => item.jobId === failed.jobId);
    expect(letter).toMatchObject({ kind: 'job', hostKey: 'dcim.device:3102', replay: 'retry' });

    const replayed = await api.post(`/api/dead-letters/${String(letter?.id)}/replay`);

    expect(replayed.status).toBe(202);
    expect(replayed.body.replay).toBe('retry');
    const retry = await harness.nextJob();
    expect(retry).toMatchObject({ jobId: replayed.body.jobId, hostKey: 'dcim.device:3102' });
    expect((await api.get(`/api/jobs/${retry.jobId}`)).body).toMatchObject({
      trigger: 'retry',
      username: 'admin',
    });
    await harness.report(retry, 'succeeded', { operation: 'created', hostid: '93102' });
  });

  it('should refuse to replay an invalid message, and answer 404 for an unknown one', async () => {
    await deadLetterEvent(3103, '{not json');
    const letter = await waitFor(
      async () => (await deadLetters()).find((item) => item.hostKey === null && item.kind === 'other'),
      'the invalid dead letter',
    );

    const replayed = await api.post(`/api/dead-letters/${String(letter.id)}/replay`);

    expect(replayed.status).toBe(409);
    expect(String(replayed.body.message)).toContain('would be dead-lettered again');
    expect((await api.post('/api/dead-letters/99999/replay')).status).toBe(404);
    expect((await api.get('/api/dead-letters/99999')).status).toBe(404);
  });

  it('should page the dead letters, newest first', async () => {
    const all = await api.get('/api/dead-letters');
    const second = await api.get('/api/dead-letters?limit=1&offset=1');
    const bad = await api.get('/api/dead-letters?limit=5000');

    expect(all.body.total).toBe(3);
    const ids = (all.body.items as { id: number }[]).map((item) => item.id);
    expect(ids).toEqual([...ids].sort((left, right) => right - left));
    expect((second.body.items as { id: number }[]).map((item) => item.id)).toEqual([ids[1]]);
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual(['limit']);
  });

  describe('event log', () => {
    it('should list what the jobs did, newest first, filtered', async () => {
      await waitFor(
        async () => ((await harness.dataSource.getRepository(EventLog).count()) >= 3 ? true : undefined),
        'rows',
      );

      const all = await api.get('/api/event-log');
      const one = await api.get('/api/event-log?hostKey=dcim.device:3102&level=info');
      const errors = await api.get('/api/event-log?level=error');

      // Two results, and the job the writer dead-lettered (failed by the scheduler, not by a result).
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(3);
      expect((one.body.items as Record<string, unknown>[]).map((row) => row.hostKey)).toEqual([
        'dcim.device:3102',
      ]);
      expect((errors.body.items as Record<string, unknown>[]).map((row) => row.message)).toEqual([
        expect.stringContaining('dead-lettered by zabbix-writer-jobs-v1'),
      ]);
    });

    it('should leave secret-named keys out of row data', async () => {
      await harness.dataSource.getRepository(EventLog).save({
        name: 'probe',
        message: 'x',
        hostKey: 'probe:1',
        data: { host: 'a', tlsPsk: 'deadbeefdeadbeef' },
        postData: { interfaces: [{ community: 'public-secret' }] },
      });

      const answer = await api.get('/api/event-log?hostKey=probe:1');

      expect((answer.body.items as Record<string, unknown>[])[0]).toMatchObject({
        data: { host: 'a' },
        postData: { interfaces: [{}] },
      });
      expect(answer.text).not.toContain('deadbeefdeadbeef');
      expect(answer.text).not.toContain('public-secret');
    });

    it('should name each bad filter in a 400', async () => {
      const answer = await api.get('/api/event-log?level=loud&since=yesterday&jobId=7');

      expect(answer.status).toBe(400);
      expect(answer.body.fields).toEqual(expect.arrayContaining(['level', 'since', 'jobId']));
    });
  });
});
