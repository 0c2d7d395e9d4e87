import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`): never a browser downloaded by Playwright. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless, no sandbox (root in CI), and nothing that reaches out to the network on its own. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A real headless Chromium for the console's tests, driven by playwright-core, with a fresh profile
 * (`--user-data-dir` in a temporary directory, deleted on close). The page's console errors and uncaught
 * exceptions are collected, so a test can assert there were none (a Content-Security-Policy violation is one).
 */
export class ConsoleBrowser {
  readonly problems: string[] = [];

  private constructor(
    private readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  static async launch(): Promise<ConsoleBrowser> {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
    }
    const profile = await mkdtemp(join(tmpdir(), 'nbzb-chromium-'));
    try {
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        timeout: 60_000,
      });
      return new ConsoleBrowser(context, profile);
    } catch (error) {
      await rm(profile, { recursive: true, force: true });
      throw error;
    }
  }

  /** A new tab whose console errors and page errors land in `problems`. */
  async newPage(): Promise<Page> {
    const page = await this.context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('console', (message) => {
      if (message.type() === 'error') this.problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.problems.push(`page: ${error.message}`));
    return page;
  }

  async close(): Promise<void> {
    await this.context.close();
    await rm(this.profile, { recursive: true, force: true });
  }
}
