import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { repositoryRoot } from './repository-root';

/** Debian's `chromium` unless CHROMIUM_PATH names another build; nothing is ever downloaded. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Without the background-networking flags Chromium's own connections (updates, sync, QUIC probes)
 * are refused on a closed network and the pages under test stall behind them.
 */
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

export interface LaunchedBrowser {
  context: BrowserContext;
  executablePath: string;
  /** What the binary says of itself, e.g. `Chromium 156.0.8078.114 built on Debian GNU/Linux 12`. */
  version: string;
  close(): Promise<void>;
}

/**
 * Headless Chromium (playwright-core drives the installed browser) with a fresh temporary profile,
 * for `*.browser-spec.ts` suites (`npm run test:browser`). Without a browser it fails, saying how
 * to install one: a browser suite never passes by skipping.
 */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary`,
    );
  }
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: FLAGS,
    });
    return {
      context,
      executablePath: CHROMIUM_PATH,
      version: execFileSync(CHROMIUM_PATH, ['--version'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim(),
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/** Where browser suites save screenshots: tmp/artifacts/ of the repository (git-ignored). */
export function artifactPath(name: string): string {
  const dir = path.join(repositoryRoot(), 'tmp', 'artifacts');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
