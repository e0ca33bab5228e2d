// Debian's Chromium through playwright-core (never a downloaded browser), with the flags this
// machine needs. Each spec gets a fresh context: empty storage and cache.
//
// Every context a test opens keeps a journal of what went wrong in its pages: errors thrown,
// console errors and warnings, requests that failed and answers of 400 or more (those a test
// provokes included). When the test fails, the journal is printed under it, so a failure seen
// once in CI says what the page went through.
import { chromium } from 'playwright-core';
import { after, afterEach, before, beforeEach } from 'node:test';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Lines kept per test: enough to see a failure's lead-up without flooding the output. */
const JOURNAL_LINES = 200;

/** Launches Chromium once for the spec file and closes it after; returns a getter. */
export function useBrowser() {
  let browser;
  let journal = [];
  let since = Date.now();
  const note = (line) => {
    if (journal.length < JOURNAL_LINES) journal.push(`+${Date.now() - since} ms ${line}`);
  };
  before(async () => {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: FLAGS });
  });
  beforeEach(() => {
    journal = [];
    since = Date.now();
  });
  afterEach((t) => {
    if (!t.passed && journal.length > 0) {
      console.log(`what the pages went through in "${t.name}":\n  ${journal.join('\n  ')}`);
    }
  });
  after(async () => browser?.close());
  const facade = {
    async newContext(options) {
      const context = await browser.newContext(options);
      context.on('page', (page) => watch(page, note));
      return context;
    },
  };
  return () => facade;
}

/** Notes in `note` what goes wrong in `page`. */
function watch(page, note) {
  page.on('pageerror', (e) => note(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') note(`console ${m.type()}: ${m.text()}`);
  });
  page.on('requestfailed', (r) => note(`failed: ${r.method()} ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400) note(`${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  page.on('crash', () => note('the page crashed'));
  page.on('close', () => note(`closed: ${page.url()}`));
}
