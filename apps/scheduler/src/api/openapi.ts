import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** Where the Swagger UI and the OpenAPI document are served (open, like the probes: they hold no data). */
export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';
/** The security scheme every `/api` operation declares. */
export const BEARER_SCHEME = 'bearer';

/** The OpenAPI document of every HTTP route, built from the controllers and DTO decorators. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('netbox-zabbix-bridge management API')
    .setDescription(
      'Settings, mappings, host configs, jobs, system jobs, maintenances, event log and dead letters of the ' +
        'bridge. Every /api route needs `Authorization: Bearer <token>` (API_TOKENS); a read-only token may ' +
        'only GET. A 400 lists each bad field in `fields`. Secrets are write-only: never returned.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API_TOKENS token' }, BEARER_SCHEME)
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves the Swagger UI at /api/docs and the document at /api/docs-json. Call before `app.init()`. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: 'api/docs-yaml',
    swaggerOptions: { persistAuthorization: false },
  });
}
