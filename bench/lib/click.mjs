// Click to a usable panel: the time from the visitor's first click on the launcher to the
// panel's composer accepting keys, for Porthole and each peer's bubble, on Chromium's Fast 4G
// network profile, at normal CPU speed and slowed four times. Cold: the page has loaded and
// gone quiet, and the pointer clicks the launcher without resting on it first. Warm: the
// pointer rests on the launcher (hover) and the network goes quiet again before the click, so
// whatever a widget fetches on hover is there. Each load is a fresh context with the HTTP
// cache disabled, the order of widgets rotating from one round to the next.
import { WIDGETS } from './site.mjs';
import { median, range } from './host-cost.mjs';
import { HELPERS } from './in-page.mjs';
import { watchNetwork } from './network.mjs';

/** Chromium DevTools' "Fast 4G" preset (bytes a second, milliseconds). */
export const FAST_4G = { offline: false, latency: 60 * 2.75, downloadThroughput: (9e6 / 8) * 0.9, uploadThroughput: (1.5e6 / 8) * 0.9 };

/** Injected before the page's own scripts: notes the first click (capturing, so a click inside
 * a shadow root counts as it reaches the window) and then, every animation frame, whether the
 * composer accepts keys: it exists, has a size, is shown (not hidden, not fully transparent,
 * through its shadow hosts), and is neither disabled nor read-only. */
const PROBE = (path) => {
  window.__click = { at: null, ready: null };
  const accepts = () => {
    const el = window.__pierce(path);
    if (!el || el.disabled || el.readOnly) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && window.__opacity(el) > 0;
  };
  const watch = () => {
    if (accepts()) window.__click.ready = performance.now();
    else requestAnimationFrame(watch);
  };
  addEventListener('click', (event) => {
    if (window.__click.at !== null) return;
    window.__click.at = event.timeStamp;
    watch();
  }, true);
};

/** One load of `widget`: milliseconds from the click to a composer that accepts keys. */
async function once(browser, origin, widget, cpu, warm) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const network = watchNetwork(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', FAST_4G);
  if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  await page.addInitScript(HELPERS);
  await page.addInitScript(PROBE, WIDGETS[widget].composer);
  try {
    await page.goto(`${origin}/article?widget=${widget}`, { waitUntil: 'load' });
    const launcher = page.locator(WIDGETS[widget].launcher.join(' ')).first();
    await launcher.waitFor({ state: 'visible', timeout: 30000 });
    await network.settle(700, 20000);
    const box = await launcher.boundingBox();
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    if (warm) {
      await page.mouse.move(x, y);
      await page.waitForTimeout(200);
      await network.settle(700, 20000);
    }
    // Cold: one move onto the launcher and the click at once, as a quick visitor's pointer.
    await page.mouse.click(x, y);
    await page.waitForFunction(() => window.__click.ready !== null, null, { timeout: 30000, polling: 50 });
    return await page.evaluate(() => window.__click.ready - window.__click.at);
  } catch (e) {
    console.error(`bench click: ${widget} at ${cpu}× (${warm ? 'warm' : 'cold'}): ${e.message.split('\n')[0]}`);
    return null;
  } finally {
    await context.close();
  }
}

/** Every widget, `runs` times per CPU speed, cold and warm: medians and ranges (ms). */
export async function clickToComposer(browser, origin, { runs = 7, speeds = [1, 4] } = {}) {
  const widgets = ['porthole', 'flowise', 'typebot', 'n8n'];
  // One load of each first, not counted: the site compresses each file the first time it
  // serves it (brotli at quality 11 takes over a second for the app's wasm), and wrangler
  // compiles the worker on its first request.
  for (const widget of widgets) await once(browser, origin, widget, 1, false);
  const out = {};
  for (const cpu of speeds) {
    const samples = Object.fromEntries(widgets.map((w) => [w, { cold: [], warm: [] }]));
    for (let run = 0; run < runs; run++) {
      const order = widgets.map((_, i) => widgets[(i + run) % widgets.length]);
      for (const widget of order) {
        samples[widget].cold.push(await once(browser, origin, widget, cpu, false));
        samples[widget].warm.push(await once(browser, origin, widget, cpu, true));
      }
    }
    out[`${cpu}x`] = Object.fromEntries(widgets.map((w) => {
      const stat = (xs) => ({ median: median(xs), range: range(xs), failed: xs.filter((x) => x === null).length });
      return [w, { runs, cold: stat(samples[w].cold), warm: stat(samples[w].warm) }];
    }));
  }
  return out;
}
