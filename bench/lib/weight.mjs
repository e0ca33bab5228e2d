// Widget weight: every file the host page fetches for the widget before the first click
// (loader, JS, wasm, CSS, fonts, images) and what opening the panel adds, each measured raw
// and compressed (gzip -9, brotli q11) — the same way for Porthole and for each peer. Botpress
// webchat is a React component library with no drop-in bundle: its dist files are counted
// as they are (React not included).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WIDGETS } from './site.mjs';
import { sizes, total } from './sizes.mjs';
import { watchNetwork } from './network.mjs';

const bench = new URL('..', import.meta.url).pathname;
const STATIC = /\.(m?js|wasm|css|woff2?|ttf|png|svg|jpe?g|gif|ico|json)(\?|$)/;

/** Measures one widget in a fresh context. */
async function measure(browser, origin, widget) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const files = new Map();
  const network = watchNetwork(page);
  let phase = 'before';
  page.on('response', async (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/w/') || !STATIC.test(url.pathname) || response.status() !== 200) return;
    try {
      const body = await response.body();
      if (!files.has(url.pathname)) files.set(url.pathname, { phase, ...sizes(body) });
    } catch {}
  });
  await page.goto(`${origin}/article?widget=${widget}`);
  const launcher = page.locator(WIDGETS[widget].launcher.join(' ')).first();
  await launcher.waitFor({ state: 'visible', timeout: 30000 });
  await network.settle();
  phase = 'after';
  await launcher.click();
  await page.waitForTimeout(300);
  await network.settle();
  await context.close();
  const list = [...files.entries()].map(([path, s]) => ({ path, ...s }));
  return {
    before: total(list.filter((f) => f.phase === 'before')),
    opened: total(list),
    files: list,
  };
}

/** Botpress webchat: its published files, React not counted. */
function botpress() {
  const dist = join(bench, 'node_modules/@botpress/webchat/dist');
  const list = ['index.js', 'style.css'].map((f) => ({ path: `@botpress/webchat/dist/${f}`, phase: 'package', ...sizes(readFileSync(join(dist, f))) }));
  return { before: total(list), opened: total(list), files: list, note: 'React component library: dist/index.js + style.css, React not counted' };
}

/** Weight of Porthole and every peer. */
export async function widgetWeight(browser, origin) {
  const out = {};
  for (const widget of ['porthole', 'flowise', 'typebot', 'n8n']) {
    out[widget] = await measure(browser, origin, widget);
  }
  out.botpress = botpress();
  return out;
}
