#!/usr/bin/env node
// `make bench`: measures Porthole beside its peers in one run and prints one report (also
// written to bench/results/latest.md and, raw, latest.json). It reports; it never fails on a
// time. BENCH_RUNS (default 7) sets the cold loads per page and CPU speed; BENCH_ONLY=edge,worker
// (say) runs only those groups while you work on them: weight, host, click, edge, streaming, retrieval,
// load, quality, worker, live, console, hub, crawl; the groups not run keep their figures of the last
// report (with no earlier bench/results/latest.json, a partial run writes
// bench/results/partial.md instead).
// BENCH_LOAD_STREAMS (300) and BENCH_LOAD_SECONDS (120) size the load.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { startWrangler } from '../tests/e2e/support/wrangler.mjs';
import { startSite } from './lib/site.mjs';
import { launch } from './lib/browser.mjs';
import { widgetWeight } from './lib/weight.mjs';
import { hostCost } from './lib/host-cost.mjs';
import { clickToComposer } from './lib/click.mjs';
import { edgeThroughput } from './lib/edge.mjs';
import { streamingOverhead } from './lib/streaming.mjs';
import { retrievalScaling } from './lib/retrieval.mjs';
import { answerQuality, publicQuality } from './lib/quality.mjs';
import { startEmbeddings } from '../tests/e2e/support/embeddings.mjs';
import { sustainedStreams } from './lib/load.mjs';
import { workerSize, coldStart } from './lib/worker.mjs';
import { signInOperator, operatorToWidget, tenantSocketLatency } from './lib/live.mjs';
import { consoleWeight, consoleColdStart } from './lib/console.mjs';
import { hubLoad } from './lib/hub.mjs';
import { crawlFigures } from './lib/crawl.mjs';
import { report } from './lib/report.mjs';

const root = new URL('..', import.meta.url).pathname;
const ADMIN_TOKEN = 'bench-admin-token-6d1f9c3e0a7b5e28';
const JWT_SECRET = 'bench-jwt-secret-5a0c7e19d3b24f86-8e1d2c';
const runs = Number(process.env.BENCH_RUNS ?? 7);
const step = (name) => console.error(`==> bench: ${name}`);
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const wanted = (group) => only.length === 0 || only.includes(group);

function adminClient(api) {
  const call = async (method, path, body) => {
    const res = await fetch(api + path, { method, headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    createBot: async (config) => (await call('POST', '/api/admin/bots', config)).token,
    addDocument: (token, doc) => call('POST', `/api/admin/bots/${token}/documents`, doc),
    bot: (token) => call('GET', `/api/admin/bots/${token}`),
    testQuestion: (token, body) => call('POST', `/api/admin/bots/${token}/test-question`, body),
  };
}

const meta = {
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
  cores: cpus().length,
  node: process.versions.node,
  chromium: execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
  wrangler: JSON.parse(readFileSync(join(root, 'node_modules/wrangler/package.json'), 'utf8')).version,
  // The versions measured: the peers' embeds and Lighthouse, as installed from bench/package.json.
  packages: installedVersions(join(root, 'bench')),
};

/** The installed version of each of `dir`'s package.json devDependencies. */
function installedVersions(dir) {
  const names = Object.keys(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).devDependencies);
  return Object.fromEntries(names.map((name) => {
    try {
      return [name, JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version];
    } catch {
      return [name, 'not installed'];
    }
  }));
}

step('starting the embedding model (multilingual-e5-small, scripts/embeddings)');
const embeddings = await startEmbeddings();
step('starting wrangler dev (rate limits lifted, no inspector: bench/README.md)');
// JWT_SECRET: operators sign in for the live figures (section 9). EMBEDDINGS_URL: bots on
// `auto` retrieve by meaning with the local model, as in `make dev`. BENCH_FLOOR: the edge's
// floor route (section 3; edge/src/routes/floor.rs).
const wrangler = await startWrangler({ ADMIN_TOKEN, RATE_LIMITS: 'off', BENCH_FLOOR: 'on', JWT_SECRET, EMBEDDINGS_URL: embeddings.url }, { stdio: process.env.BENCH_WRANGLER_LOG ? 'inherit' : 'ignore', inspector: false });
const admin = adminClient(wrangler.url);
const results = { meta };
try {
  // A bot made of `config` that knows the demo's documents.
  const demo = JSON.parse(readFileSync(join(root, 'demo/bot.json'), 'utf8'));
  const demoBot = async (config) => {
    const bot = await admin.createBot(config);
    for (const doc of demo.documents) {
      await admin.addDocument(bot, { title: doc.title, url: doc.url, text: readFileSync(join(root, 'demo', doc.file), 'utf8') });
    }
    return bot;
  };
  const token = await demoBot({ stream_pace_ms: 0 });
  const site = wanted('weight') || wanted('host') || wanted('click') || wanted('live') ? await startSite(wrangler.url, token) : null;
  const browser = site || wanted('console') ? await launch() : null;
  try {
    if (wanted('weight')) {
      step('1. widget weight (Porthole and peers)');
      results.weight = await widgetWeight(browser, site.origin);
    }
    if (wanted('host')) {
      step(`2. host-page cost: ${runs} cold loads × 5 pages × 2 CPU speeds`);
      results.host = await hostCost(browser, site.origin, { runs });
      step('2. Lighthouse, mobile and desktop');
      // Imported here: Lighthouse is a bench/ package, not needed by the other groups.
      const { lighthouseScores } = await import('./lib/lighthouse.mjs');
      results.lighthouse = await lighthouseScores(site.origin, ['none', 'porthole', 'flowise', 'typebot', 'n8n']);
    }
    if (wanted('click')) {
      step(`2. click to a usable panel: ${runs} loads × 4 widgets × cold and warm × 2 CPU speeds (Fast 4G)`);
      results.click = await clickToComposer(browser, site.origin, { runs });
    }
    if (wanted('live')) {
      step("9. live: a person's message to the widget, a visitor's message to the tenant socket");
      const operator = await signInOperator(wrangler.url, ADMIN_TOKEN, [token]);
      results.live = {
        widget: await operatorToWidget(browser, site.origin, operator, token),
        socket: await tenantSocketLatency(wrangler.url, operator, token),
      };
    }
    if (wanted('console')) {
      step('10. the console: weight and cold start');
      results.console = { weight: consoleWeight(), cold: await consoleColdStart(browser, wrangler.url) };
    }
  } finally {
    await browser?.close();
    site?.close();
  }
  if (wanted('edge')) {
    step('3. edge throughput (wrk)');
    results.edge = await edgeThroughput(wrangler.url, token, { group: wrangler.pid });
  }
  if (wanted('streaming')) {
    step('4. streaming overhead (fake upstream)');
    results.streaming = await streamingOverhead(wrangler.url, admin);
  }
  if (wanted('retrieval')) {
    step('5. retrieval scaling (100, 1,000, 10,000 chunks)');
    results.retrieval = await retrievalScaling(wrangler.url, admin);
  }
  if (wanted('load')) {
    const streams = Number(process.env.BENCH_LOAD_STREAMS ?? 300);
    const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 120);
    step(`6. sustained load: ${streams} concurrent streams for ${seconds} s`);
    results.load = await sustainedStreams(wrangler.url, await demoBot({}), { streams, seconds, pgid: wrangler.pid });
  }
  if (wanted('crawl')) {
    step('12. website import: a 500-page site crawled, then synced unchanged');
    results.crawl = await crawlFigures(wrangler.url, ADMIN_TOKEN, admin);
  }
  if (wanted('quality')) {
    step('8. answer quality: the public sets\' test halves, by words and with embeddings');
    results.publicQuality = await publicQuality(wrangler.url, admin, join(root, 'shared/eval'));
    step('8. answer quality: the own sets (bench/quality), with embeddings');
    results.quality = await answerQuality(wrangler.url, admin, join(root, 'bench/quality'));
  }
} finally {
  await wrangler.stop();
  embeddings.stop();
}
if (wanted('worker')) {
  step('7. the worker: size and cold start');
  results.worker = { size: workerSize(), cold: await coldStart(ADMIN_TOKEN) };
}
if (wanted('hub')) {
  step('11. the hub under load (its own wrangler dev, a harness Worker beside it)');
  results.hub = await hubLoad(ADMIN_TOKEN, JWT_SECRET);
}

// A partial run (BENCH_ONLY) keeps the other groups' figures of the last report.
const latest = join(root, 'bench/results/latest.json');
if (only.length > 0 && existsSync(latest)) {
  const previous = JSON.parse(readFileSync(latest, 'utf8'));
  const earlier = previous.meta?.partial?.previous ?? previous.meta?.date;
  // When each kept group was measured (reports before this map: their partial run's groups
  // then, the rest at the full run they kept).
  const takenAt = (group) => previous.meta?.partial?.taken?.[group]
    ?? (previous.meta?.partial?.groups?.includes(group) ? previous.meta.date : earlier);
  const taken = {};
  for (const [group, figures] of Object.entries(previous)) {
    if (group === 'meta' || group in results) continue;
    results[group] = figures;
    taken[group] = takenAt(group);
  }
  results.meta.partial = { groups: only, previous: earlier, taken };
}
const markdown = report(results);
mkdirSync(join(root, 'bench/results'), { recursive: true });
// Without the figures of a full run to keep, a partial run must not replace the full report.
const name = only.length > 0 && !results.meta.partial ? 'partial' : 'latest';
writeFileSync(join(root, `bench/results/${name}.md`), markdown + '\n');
writeFileSync(join(root, `bench/results/${name}.json`), JSON.stringify(results, null, 2) + '\n');
console.log(markdown);
