import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Screenshots and downloads of the end-to-end tests land here. */
export const RESULTS_DIR = fileURLToPath(new URL('../test-results', import.meta.url));

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Browser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, in a fresh profile, so each browser is a
 * separate person with their own cookies. The flags keep it from reaching
 * for the network, which this machine does not have. `webgl` lets pages
 * have WebGL (software-rendered by SwiftShader).
 */
export async function launchBrowser(options: { webgl?: boolean } = {}): Promise<Browser> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const profile = mkdtempSync(path.join(tmpdir(), 'ripple-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // No GPU here: WebGL only through SwiftShader, in software, when a test asks for it.
      ...(options.webgl ? ['--enable-unsafe-swiftshader'] : []),
    ],
  });
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Fails the test on any console error or uncaught exception in the page. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
