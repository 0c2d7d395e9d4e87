import { loadConfig, SchedulerConfig } from '@lib/config';
import { ApiClient } from '../../test/api-client';
import { SchedulerHarness } from '../../test/scheduler-harness';
import { createSchedulerApp } from '../scheduler-app.factory';
import { ApiTokenGuard } from './api-token.guard';

jest.setTimeout(60_000);

const ADMIN = 'admin-token-0123456789abcdef';
const VIEWER = 'viewer-token-0123456789abcdef';

/** Bearer tokens in front of /api on a real scheduler (PostgreSQL, NATS). */
describe(ApiTokenGuard.name, () => {
  let harness: SchedulerHarness;
  let api: ApiClient;

  beforeAll(async () => {
    harness = await SchedulerHarness.start({ API_TOKENS: `admin:rw:${ADMIN},viewer:ro:${VIEWER}` });
    api = await ApiClient.listen(harness, ADMIN);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('should answer 401 with a Bearer challenge when a request has no token', async () => {
    const answer = await api.withToken(null).get('/api/jobs');

    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="netbox-zabbix-bridge"');
  });

  it('should answer 401 when the token is unknown', async () => {
    const answer = await api.withToken(`${ADMIN}x`).get('/api/jobs');

    expect(answer.status).toBe(401);
    expect(answer.body.message).toBe('unknown API token');
  });

  it('should answer 401 for a token sent another way than Bearer', async () => {
    const response = await fetch(`${api.url}/api/jobs`, { headers: { authorization: `Basic ${ADMIN}` } });

    expect(response.status).toBe(401);
  });

  it('should let a read-only token read', async () => {
    const answer = await api.withToken(VIEWER).get('/api/jobs');

    expect(answer.status).toBe(200);
  });

  it('should answer 403 naming the token when a read-only token tries a change', async () => {
    const answer = await api.withToken(VIEWER).post('/api/system-jobs/MaintenanceCleanup/run', {});

    expect(answer.status).toBe(403);
    expect(answer.body.message).toBe('API token "viewer" is read-only');
  });

  it('should record the token name as the user of a job the request starts', async () => {
    const answer = await api.post('/api/system-jobs/MaintenanceCleanup/run', { dryRun: true });

    expect(answer.status).toBe(202);
    const job = await api.get(`/api/jobs/${String(answer.body.jobId)}`);
    expect(job.body.username).toBe('admin');
  });

  it('should leave the probes, the metrics and the OpenAPI document open', async () => {
    const anonymous = api.withToken(null);

    expect((await anonymous.get('/healthz')).status).toBe(200);
    expect((await anonymous.get('/readyz')).status).toBe(200);
    expect((await anonymous.get('/metrics')).text).toContain('nbzb_consumer_pending');
    expect((await anonymous.get('/api/docs-json')).status).toBe(200);
    expect((await anonymous.get('/api/docs')).status).toBe(200);
  });

  it('should declare bearer auth on every /api operation of the OpenAPI document', async () => {
    const document = (await api.get('/api/docs-json')).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { securitySchemes: Record<string, unknown> };
    };

    expect(document.components.securitySchemes.bearer).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
      );
    expect(operations.length).toBeGreaterThan(5);
    for (const { operation } of operations) expect(operation.security).toEqual([{ bearer: [] }]);
  });

  it('should never put a token into a response', async () => {
    const answers = await Promise.all([
      api.get('/api/jobs'),
      api.withToken(VIEWER).post('/api/system-jobs/MaintenanceCleanup/run', {}),
      api.withToken('wrong-token-0123456789abcdef').get('/api/jobs'),
      api.get('/api/docs-json'),
    ]);

    for (const answer of answers) {
      expect(answer.text).not.toContain(ADMIN);
      expect(answer.text).not.toContain(VIEWER);
    }
  });

  it('should refuse to start without a token on an address others reach', async () => {
    const config = loadConfig(SchedulerConfig, { SCHEDULER_HOST: '0.0.0.0', NATS_URL: 'nats://127.0.0.1:1' });

    await expect(createSchedulerApp(config, { logger: false })).rejects.toThrow(/API_TOKENS/);
  });
});

describe('an API without tokens', () => {
  let harness: SchedulerHarness;
  let api: ApiClient;

  beforeAll(async () => {
    harness = await SchedulerHarness.start();
    api = await ApiClient.listen(harness, null);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('should be open on a loopback address (development), recording no user', async () => {
    const answer = await api.post('/api/system-jobs/MaintenanceCleanup/run', { dryRun: true });

    expect(answer.status).toBe(202);
    expect((await api.get(`/api/jobs/${String(answer.body.jobId)}`)).body.username).toBeNull();
  });
});
