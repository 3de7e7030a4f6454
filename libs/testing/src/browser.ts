import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { repositoryRoot } from './repository-root';

/**
 * Chromium flags for a closed network and a throwaway machine: without the background-networking
 * ones Chromium keeps dialling out (updates, sync, QUIC probes), and those connections are refused here.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the browser is: `CHROMIUM_PATH`, else Debian's package. */
export function chromiumPath(): string {
  return process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
}

/**
 * The installed Chromium, driven by playwright-core (which never downloads a browser). Playwright
 * gives every launch a fresh temporary user-data-dir and removes it on close. No browser is a
 * failure with the way to get one, never a skipped test.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.`,
    );
  }
  // Loaded here, not at the top: only browser suites need it.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_FLAGS] });
}

/** A path under tmp/artifacts/ (git-ignored) for a screenshot or other test artifact. */
export function artifactPath(name: string): string {
  const dir = path.join(repositoryRoot(), 'tmp', 'artifacts');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
