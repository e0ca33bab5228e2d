// Website import: a generated site of 500 pages (a sitemap, an index page linking every page,
// ETags) served by Node on loopback; the import's pages per minute from the POST to the site's
// `done`, and a re-sync of the unchanged site: requests the site received, time, and pages
// re-indexed (none is: every page answers 304 Not Modified, so nothing is re-chunked or
// re-embedded). Embeddings are off for this bot, so the figure is the crawl's own (with an
// embedder, each alarm also embeds what the batch added).
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';

const PARAGRAPH = 'Our roastery ships whole beans and ground coffee to every country in the union. ' +
  'Each order is packed by hand on the day it is roasted, and tracked from the pier to your door.';

function site(pages) {
  const files = new Map();
  const links = [];
  for (let i = 1; i <= pages; i++) {
    const path = `/guide/${i}`;
    links.push(`<li><a href="${path}">Guide ${i}</a></li>`);
    files.set(path, `<!doctype html><html><head><title>Guide ${i}</title></head><body><nav><a href="/">Home</a></nav>` +
      `<main><h1>Guide ${i}</h1><h2 id="what">What guide ${i} covers</h2><p>Topic ${i}: ${PARAGRAPH}</p>` +
      `<h2 id="more">More about ${i}</h2><p>${PARAGRAPH} Reference ${i * 7919}.</p></main></body></html>`);
  }
  files.set('/', `<!doctype html><html><head><title>Guides</title></head><body><main><h1>Guides</h1><ul>${links.join('')}</ul></main></body></html>`);
  return files;
}

/** Serves `files` with ETags; counts requests and 304s. */
async function serve(files) {
  const stats = { requests: 0, notModified: 0 };
  let origin = '';
  const server = createServer((req, res) => {
    stats.requests++;
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/robots.txt') { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('User-agent: *\nAllow: /\n'); return; }
    if (path === '/sitemap.xml') {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${[...files.keys()].map((p) => `<url><loc>${origin}${p}</loc></url>`).join('')}</urlset>`);
      return;
    }
    const body = files.get(path);
    if (body === undefined) { res.writeHead(404); res.end(); return; }
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) { stats.notModified++; res.writeHead(304, { etag }); res.end(); return; }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, stats, close: () => server.close() };
}

async function call(api, adminToken, method, path, body) {
  const res = await fetch(api + path, { method, headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function untilDone(api, adminToken, token, id) {
  for (;;) {
    const { site: s } = await call(api, adminToken, 'GET', `/api/admin/bots/${token}/sites/${id}`);
    if (s.state !== 'crawling') return s;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function crawlFigures(api, adminToken, admin, { pages = 500 } = {}) {
  const files = site(pages);
  const server = await serve(files);
  try {
    const token = await admin.createBot({ stream_pace_ms: 0, ai: { embeddings: { provider: 'off' } } });
    let t = performance.now();
    const { site: added } = await call(api, adminToken, 'POST', `/api/admin/bots/${token}/sites`, { url: `${server.origin}/`, page_cap: 2000 });
    const imported = await untilDone(api, adminToken, token, added.id);
    const importMs = performance.now() - t;
    const importRequests = server.stats.requests;

    server.stats.requests = 0;
    t = performance.now();
    await call(api, adminToken, 'POST', `/api/admin/bots/${token}/sites/${added.id}/sync`);
    const synced = await untilDone(api, adminToken, token, added.id);
    const syncMs = performance.now() - t;
    return {
      pages: files.size,
      import: { kept: imported.progress.kept, ms: importMs, requests: importRequests, perMinute: imported.progress.kept / (importMs / 60000) },
      sync: {
        ms: syncMs, requests: server.stats.requests, notModified: server.stats.notModified,
        unchanged: synced.progress.unchanged, reindexed: synced.progress.changed + synced.progress.added, removed: synced.progress.removed,
      },
    };
  } finally {
    server.close();
  }
}
