// Host-page cost in real Chromium: the reference article without a widget and with each
// widget, loaded cold (fresh context, cache disabled through the DevTools protocol), at least
// seven times each in rotating order, at normal speed and with the CPU slowed four times.
// Per load: navigation start to launcher visible and to launcher fully opaque, total blocking
// time (long tasks until five seconds after load), and the JS heap five seconds after load
// (plus the widget's WebAssembly memory, which lives outside the JS heap).
import { WIDGETS } from './site.mjs';
import { HELPERS } from './in-page.mjs';

/** Injected before any page script: watches long tasks, the launcher, and wasm memories. */
const OBSERVER = (path) => {
  window.__bench = { longTasks: [], visible: null, opaque: null, memories: [] };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__bench.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async (...args) => {
      const result = await original.apply(WebAssembly, args);
      const exports = (result.instance ?? result).exports ?? {};
      for (const value of Object.values(exports)) if (value instanceof WebAssembly.Memory) window.__bench.memories.push(value);
      return result;
    };
  }
  if (!path) return;
  const find = () => window.__pierce(path);
  const opacity = (el) => window.__opacity(el);
  const watch = () => {
    const el = find();
    if (el) {
      const r = el.getBoundingClientRect();
      const o = r.width > 0 && r.height > 0 ? opacity(el) : 0;
      if (o > 0 && window.__bench.visible === null) window.__bench.visible = performance.now();
      if (o >= 0.999 && window.__bench.opaque === null) window.__bench.opaque = performance.now();
    }
    if (window.__bench.opaque === null) requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
};

async function load(browser, origin, widget, cpu) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  await page.addInitScript(HELPERS);
  await page.addInitScript(OBSERVER, WIDGETS[widget].launcher);
  await page.goto(`${origin}/article?widget=${widget}`, { waitUntil: 'load' });
  const loadAt = await page.evaluate(() => performance.timing.loadEventStart - performance.timing.navigationStart);
  await page.waitForTimeout(5000);
  const metrics = await page.evaluate((until) => {
    const b = window.__bench;
    const tbt = b.longTasks.filter(([start]) => start <= until).reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0);
    return { visible: b.visible, opaque: b.opaque, tbt, wasm: b.memories.reduce((s, m) => s + m.buffer.byteLength, 0) };
  }, loadAt + 5000);
  const heap = await cdp.send('Runtime.getHeapUsage');
  await context.close();
  return { ...metrics, heap: heap.usedSize, load: loadAt };
}

export const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const range = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined);
  return s.length ? [Math.min(...s), Math.max(...s)] : [null, null];
};

/** Loads every variant `runs` times per CPU speed; returns medians and ranges. */
export async function hostCost(browser, origin, { runs = 7, speeds = [1, 4] } = {}) {
  const variants = ['none', 'porthole', 'flowise', 'typebot', 'n8n'];
  const out = {};
  for (const cpu of speeds) {
    const samples = Object.fromEntries(variants.map((v) => [v, []]));
    for (let run = 0; run < runs; run++) {
      const order = variants.map((_, i) => variants[(i + run) % variants.length]);
      for (const widget of order) samples[widget].push(await load(browser, origin, widget, cpu));
    }
    out[`${cpu}x`] = Object.fromEntries(variants.map((v) => {
      const s = samples[v];
      const stat = (key) => ({ median: median(s.map((x) => x[key])), range: range(s.map((x) => x[key])) });
      return [v, { runs: s.length, visible: stat('visible'), opaque: stat('opaque'), tbt: stat('tbt'), heap: stat('heap'), wasm: stat('wasm'), load: stat('load') }];
    }));
  }
  return out;
}
