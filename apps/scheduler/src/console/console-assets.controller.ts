import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** The console's files: plain HTML, CSS and JavaScript, no build step, read once at start. */
const ASSETS = join(__dirname, 'assets');

/**
 * Only what the page itself loads from here; with inline script or style refused, text from the API (job
 * errors, host names) can never run as code.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The operator console at `/console`: the page is public, everything it shows comes from `/api/…` with the
 * bearer token the operator enters (kept in the browser tab's sessionStorage).
 */
@ApiExcludeController()
@Controller('console')
export class ConsoleAssetsController {
  private readonly page = readFileSync(join(ASSETS, 'index.html'), 'utf8');
  private readonly script = readFileSync(join(ASSETS, 'console.js'), 'utf8');
  private readonly style = readFileSync(join(ASSETS, 'console.css'), 'utf8');

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CONTENT_SECURITY_POLICY)
  @Header('cache-control', 'no-cache')
  @Header('x-content-type-options', 'nosniff')
  @Header('referrer-policy', 'no-referrer')
  index(): string {
    return this.page;
  }

  @Get('console.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  @Header('x-content-type-options', 'nosniff')
  consoleScript(): string {
    return this.script;
  }

  @Get('console.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'no-cache')
  @Header('x-content-type-options', 'nosniff')
  consoleStyle(): string {
    return this.style;
  }
}
