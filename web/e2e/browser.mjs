// Starts Debian's Chromium through playwright-core (no browser download), headless, with the
// flags a closed network needs: no background connections, no component updates, no sync.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export async function launch() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'panther-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1366, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return context;
}

/** Reads a required environment variable, naming it when missing. */
export function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the browser suite runs from test/e2e, which sets it`);
  return value;
}
