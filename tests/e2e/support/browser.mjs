// Debian's Chromium through playwright-core (never a downloaded browser), with the flags this
// machine needs. Each spec gets a fresh context: empty storage and cache.
import { chromium } from 'playwright-core';
import { after, before } from 'node:test';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches Chromium once for the spec file and closes it after; returns a getter. */
export function useBrowser() {
  let browser;
  before(async () => {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: FLAGS });
  });
  after(async () => browser?.close());
  return () => browser;
}
