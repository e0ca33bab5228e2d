// The console: what a browser fetches to show it (its page, stylesheet, glue and wasm), and its
// cold start in Chromium — a fresh context with the HTTP cache off, from navigation start to
// the first frame where the sign-in form has a size — at normal CPU speed and slowed four times.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sizes, total } from './sizes.mjs';

const root = new URL('../..', import.meta.url).pathname;

/** Every file the console's page loads, with its sizes. */
export function consoleWeight() {
  const dir = join(root, 'dist/console');
  const files = ['index.html', ...readdirSync(join(dir, 'pkg')).map((f) => `pkg/${f}`)]
    .map((path) => ({ path, ...sizes(readFileSync(join(dir, path))) }));
  return { files, total: total(files) };
}

/** Median (min–max) of `runs` cold loads of `${api}/console` per CPU rate. */
export async function consoleColdStart(browser, api, { runs = 5 } = {}) {
  const out = {};
  for (const rate of [1, 4]) {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      // Notes the first animation frame where the sign-in form has a size.
      await context.addInitScript(() => {
        const look = () => {
          const el = document.querySelector('[data-testid="sign-in"]');
          if (el && el.getBoundingClientRect().width > 0) window.__shown = performance.now();
          else requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      await page.goto(`${api}/console`);
      await page.getByTestId('sign-in').waitFor({ state: 'visible', timeout: 30000 });
      samples.push(await page.waitForFunction(() => window.__shown).then((h) => h.jsonValue()));
      await context.close();
    }
    samples.sort((a, b) => a - b);
    out[`cpu${rate}x`] = { median: samples[Math.floor(runs / 2)], min: samples[0], max: samples[runs - 1] };
  }
  return out;
}
