import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ApiClient } from '../../test/api-client';
import { SchedulerHarness } from '../../test/scheduler-harness';
import { buildOpenApiDocument } from './openapi';

jest.setTimeout(60_000);

/** What @ApiExcludeController() records (@nestjs/swagger's DECORATORS.API_EXCLUDE_CONTROLLER, not exported). */
const API_EXCLUDE_CONTROLLER = 'swagger/apiExcludeController';

interface OpenApiDocument {
  readonly paths: Record<
    string,
    Record<string, { security?: unknown[]; responses?: Record<string, unknown> }>
  >;
}

function joinPath(...parts: string[]): string {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment.length > 0)
    .map((segment) => (segment.startsWith(':') ? `{${segment.slice(1)}}` : segment))
    .join('/');
  return `/${joined}`;
}

/**
 * Every HTTP route the scheduler serves, read from the controllers' own metadata (`get /api/jobs/{id}`),
 * but those of controllers excluded from the document on purpose.
 */
function servedRoutes(harness: SchedulerHarness): string[] {
  const routes: string[] = [];
  for (const module of harness.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      // Static files (the console's page), declared not part of the API.
      if (!type || Reflect.getMetadata(API_EXCLUDE_CONTROLLER, type)) continue;
      const base: unknown = Reflect.getMetadata(PATH_METADATA, type);
      for (const name of Object.getOwnPropertyNames(type.prototype as object)) {
        const handler: unknown = (type.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const path: unknown = Reflect.getMetadata(PATH_METADATA, handler);
        const method: unknown = Reflect.getMetadata(METHOD_METADATA, handler);
        if (typeof path !== 'string' || typeof method !== 'number') continue;
        const verb = RequestMethod[method]?.toLowerCase() ?? 'unknown';
        routes.push(`${verb} ${joinPath(typeof base === 'string' ? base : '', path)}`);
      }
    }
  }
  return routes.sort();
}

/** The OpenAPI document is generated from the code: it lists every route the scheduler serves. */
describe(buildOpenApiDocument.name, () => {
  let harness: SchedulerHarness;
  let document: OpenApiDocument;

  beforeAll(async () => {
    harness = await SchedulerHarness.start();
    const api = await ApiClient.listen(harness, null);
    document = (await api.get('/api/docs-json')).body as unknown as OpenApiDocument;
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('should list every route the controllers serve, and only those', () => {
    const documented = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
      .sort();

    const served = servedRoutes(harness);

    expect(served.length).toBeGreaterThan(40);
    expect(documented).toEqual(served);
  });

  it('should list the management API of every resource', () => {
    const paths = Object.keys(document.paths);

    for (const path of [
      '/api/settings',
      '/api/settings/zabbix-connection/test',
      '/api/device-mappings/{id}',
      '/api/vm-mappings/{id}',
      '/api/tag-mappings/{id}',
      '/api/inventory-mappings/{id}',
      '/api/host-configs/{id}/update',
      '/api/event-log',
      '/api/dead-letters/{id}/replay',
      '/api/jobs/{id}/retry',
      '/api/system-jobs/{kind}/run',
      '/api/maintenances/{id}',
    ]) {
      expect(paths).toContain(path);
    }
  });

  it('should describe what each list answers', () => {
    for (const path of [
      '/api/settings',
      '/api/host-configs',
      '/api/event-log',
      '/api/dead-letters',
      '/api/jobs',
      '/api/system-jobs',
      '/api/maintenances',
      '/api/device-mappings',
      '/api/tag-mappings',
    ]) {
      const responses = document.paths[path]?.get?.responses ?? {};
      expect(responses['200']).toEqual(
        expect.objectContaining({
          content: expect.objectContaining({ 'application/json': expect.anything() }),
        }),
      );
    }
  });
});
