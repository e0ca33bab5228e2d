// The benchmarks' host site: a reference article page, served with brotli like a production
// site, with one widget embedded the way its documentation says (or none). Porthole's files
// come from dist/ (its /api is proxied to wrangler dev); the peers' from their npm packages;
// the peers' backends are faked on loopback with the smallest answer of their real wire format
// that lets each panel show its composer (PEER_BACKENDS); anything else gets a 404.
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const bench = new URL('..', import.meta.url).pathname;
const root = join(bench, '..');
const modules = join(bench, 'node_modules');

/** Where each widget's files live, under /w/<name>/. */
const MOUNTS = {
  porthole: join(root, 'dist'),
  flowise: join(modules, 'flowise-embed/dist'),
  typebot: join(modules, '@typebot.io/js/dist'),
  n8n: join(modules, '@n8n/chat/dist'),
};

/** The widgets measured, with their embed snippet, and their launcher and composer (where the
 * visitor types) each as a path of selectors, one per shadow root to enter (Playwright's CSS
 * pierces shadow roots: join them with spaces). */
export const WIDGETS = {
  none: { embed: () => '', launcher: null },
  porthole: {
    embed: (token) => `<script src="/w/porthole/widget.js" data-token="${token}" defer></script>`,
    launcher: ['porthole-widget', '[data-testid="launcher"]'],
    composer: ['porthole-widget', '[data-testid="input"]'],
  },
  flowise: {
    embed: () => `<script type="module">import Chatbot from "/w/flowise/web.js";
      Chatbot.init({ chatflowid: "bench", apiHost: location.origin + "/peer-backend" });</script>`,
    launcher: ['flowise-chatbot', 'button'],
    composer: ['flowise-chatbot', 'textarea'],
  },
  typebot: {
    embed: () => `<script type="module">import Typebot from "/w/typebot/web.js";
      Typebot.initBubble({ typebot: "bench", apiHost: location.origin + "/peer-backend" });</script>`,
    launcher: ['typebot-bubble', 'button'],
    composer: ['typebot-bubble', 'input.text-input'],
  },
  n8n: {
    embed: () => `<link href="/w/n8n/style.css" rel="stylesheet" />
      <script type="module">import { createChat } from "/w/n8n/chat.bundle.es.js";
      createChat({ webhookUrl: location.origin + "/peer-backend/webhook" });</script>`,
    launcher: ['.chat-window-toggle'],
    composer: ['.chat-inputs textarea'],
  },
};

/** The peers' backend calls made when a panel opens, answered as their servers would (the
 * shapes their embeds read): Flowise's chatflow settings, n8n's previous session (none), and
 * Typebot's `startChat`, whose reply holds the first bubble and the text input that Typebot
 * renders as its composer. Without it Typebot shows "The bot you're looking for doesn't exist"
 * and no composer at all. */
const PEER_BACKENDS = {
  'GET /peer-backend/api/v1/chatflows-streaming/bench': { isStreaming: true },
  'GET /peer-backend/api/v1/public-chatbotConfig/bench': {},
  'POST /peer-backend/webhook': { data: [] },
  'POST /peer-backend/api/v1/typebots/bench/startChat': {
    sessionId: 'bench-session',
    resultId: 'bench-result',
    typebot: { id: 'bench', version: '6', theme: {}, settings: {} },
    messages: [{ id: 'welcome', type: 'text', content: { type: 'richText', richText: [{ type: 'p', children: [{ text: 'Hi! How can I help?' }] }] } }],
    input: { id: 'question', type: 'text input', options: { labels: { placeholder: 'Type your answer...' } } },
  },
};

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2' };

const ARTICLE = `<h1>How small roasters keep coffee fresh</h1>
<p class="lede">A reference article: the kind of page a chat widget is embedded in.</p>
${Array.from({ length: 14 }, (_, i) => `<h2>Section ${i + 1}</h2><p>${'Coffee begins to lose aroma within days of roasting. Small roasters time their batches to orders, pack beans in valve bags and ship within a day, so a bag reaches the customer at its best. '.repeat(4)}</p>`).join('\n')}`;

function page(widget, token) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Reference article</title>
<link rel="icon" href="data:,">
<style>body{margin:0 auto;max-width:46rem;padding:2rem 1.2rem;font:18px/1.7 Georgia,serif;color:#222}
h1{font-size:2.2rem;line-height:1.2}h2{margin-top:2.2rem}.lede{color:#555;font-size:1.15rem}</style>
</head><body><article>${ARTICLE}</article>${WIDGETS[widget].embed(token)}</body></html>`;
}

const compressed = new Map();
function brotli(path, bytes) {
  if (!compressed.has(path)) {
    compressed.set(path, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
  return compressed.get(path);
}

function send(req, res, status, type, body, key) {
  const headers = { 'Content-Type': type, 'Cache-Control': 'no-store' };
  if ((req.headers['accept-encoding'] ?? '').includes('br') && body.length > 256) {
    body = brotli(key, body);
    headers['Content-Encoding'] = 'br';
  }
  headers['Content-Length'] = body.length;
  res.writeHead(status, headers).end(body);
}

/** Starts the site; `api` is the wrangler dev URL that /api is proxied to. */
export function startSite(api, token) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://bench');
    // Porthole's loader calls the API beside itself (/w/porthole/api/…): proxy it to wrangler dev.
    if (url.pathname.startsWith('/w/porthole/api/')) {
      url.pathname = url.pathname.slice('/w/porthole'.length);
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await new Promise((r) => {
        const parts = []; req.on('data', (c) => parts.push(c)); req.on('end', () => r(Buffer.concat(parts)));
      });
      try {
        const upstream = await fetch(api + url.pathname + url.search, { method: req.method, body, headers: { 'content-type': req.headers['content-type'] ?? 'text/plain' } });
        res.writeHead(upstream.status, { 'Content-Type': upstream.headers.get('content-type') ?? 'application/json' });
        for await (const chunk of upstream.body ?? []) res.write(chunk);
      } catch (e) {
        // A failed proxy call is the page's problem (it sees a 502), not the benchmark's end.
        console.error(`bench site: ${req.method} ${url.pathname}: ${e.cause?.code ?? e.message}`);
        if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
      }
      return res.end();
    }
    const peer = PEER_BACKENDS[`${req.method} ${url.pathname}`];
    if (peer) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
      return res.end(JSON.stringify(peer));
    }
    if (url.pathname === '/article') {
      const widget = url.searchParams.get('widget') ?? 'none';
      return send(req, res, 200, TYPES['.html'], Buffer.from(page(widget, token)), `page:${widget}`);
    }
    const mount = url.pathname.match(/^\/w\/([a-z0-9]+)\/(.+)$/);
    if (mount && MOUNTS[mount[1]]) {
      const file = join(MOUNTS[mount[1]], decodeURIComponent(mount[2]));
      if (file.startsWith(MOUNTS[mount[1]]) && existsSync(file) && statSync(file).isFile()) {
        return send(req, res, 200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file), file);
      }
    }
    res.writeHead(404, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end('{"error":"not found"}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() });
  }));
}
