// The worker itself: its wasm size against the Workers size limits, and the cold start of
// `wrangler dev` to its first 200 (a static asset, and an API answer from the wasm).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sizes } from './sizes.mjs';
import { startWrangler } from '../../tests/e2e/support/wrangler.mjs';

const root = new URL('../..', import.meta.url).pathname;

export function workerSize() {
  const wasm = sizes(readFileSync(join(root, 'build/worker/index_bg.wasm')));
  const js = sizes(readFileSync(join(root, 'build/worker/index.js')));
  return { wasm, js, limits: { free: 3 * 1024 * 1024, paid: 10 * 1024 * 1024 } };
}

async function firstOk(url, init) {
  for (;;) {
    try {
      if ((await fetch(url, init)).status === 200) return Date.now();
    } catch {}
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function coldStart(adminToken, { runs = 3 } = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const w = await startWrangler({ ADMIN_TOKEN: adminToken }, { stdio: 'ignore' });
    const asset = await firstOk(`${w.url}/widget.js`);
    const api = await firstOk(`${w.url}/api/admin/bots`, { headers: { Authorization: `Bearer ${adminToken}` } });
    samples.push({ asset: asset - w.started, api: api - w.started });
    await w.stop();
  }
  const med = (k) => samples.map((s) => s[k]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  return { runs, asset: med('asset'), api: med('api') };
}
