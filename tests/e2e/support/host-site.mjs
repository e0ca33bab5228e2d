// A customer's site on another origin than the service: a styled article page whose CSS
// would leak into a careless widget, embedding the widget with one script tag. The page's
// query string picks the token and the tag's data attributes, and how the tag is included
// (`load=defer` by default, `async`, or `inject` — added by a script after the page loaded):
//   /page?token=…&position=tl&lang=fr&open=true&copies=2&stub=1&load=inject
// `/pasted?snippet=…` is the same page with exactly the markup a site owner pasted (the
// console's install snippet). `/strict?token=…&theme=dark&policy=locked|dynamic` is the page under a
// strict Content-Security-Policy with a fresh nonce per response (see `strictPolicy`); its
// first script records every `securitypolicyviolation` in `window.__csp`.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';

const HOSTILE_CSS = `
  * { box-sizing: content-box; }
  html { font-size: 20px; }
  body { margin: 0; font-family: Georgia, serif; line-height: 2.2; color: #3b2a1a; background: #f6efe4; letter-spacing: .05em; }
  div { padding: 7px; border: 1px dotted #c00; }
  button { background: #c0392b !important; color: #fff; border: 3px dashed #000; font: bold 24px Georgia; text-transform: uppercase; }
  svg { width: 80px; height: 80px; fill: red; }
  textarea { font: 22px "Comic Sans MS", cursive; border: 5px solid red; }
  p { text-align: justify; }`;

function page(url, api) {
  const q = url.searchParams;
  if (url.pathname === '/pasted') return article(q.get('snippet') ?? '', '', q);
  const token = q.get('token') ?? '';
  const attrs = ['position', 'lang', 'theme', 'open']
    .filter((k) => q.has(k))
    .map((k) => ` data-${k}="${q.get(k)}"`)
    .join('');
  const load = q.get('load') ?? 'defer';
  const tag = load === 'inject'
    ? `<script>addEventListener('load', () => setTimeout(() => { const s = document.createElement('script');
        s.src = ${JSON.stringify(`${api}/widget.js`)}; s.dataset.token = ${JSON.stringify(token)};
        document.body.appendChild(s); }, 300));</script>`
    : `<script src="${api}/widget.js" data-token="${token}"${attrs} ${load}></script>`;
  const stub = q.has('stub')
    ? '<script>window.Porthole=window.Porthole||function(){(Porthole.q=Porthole.q||[]).push(arguments)};' +
      'window.events=[];Porthole("on","open",function(){events.push("open")});' +
      'Porthole("on","message",function(m){events.push(m.role+":"+m.content)});</script>'
    : '';
  return article(tag.repeat(Number(q.get('copies') ?? 1)), stub, q);
}

/** The policy of `/strict?policy=`: by default exactly what docs/security.md asks a host to allow
 * for scripts and styles (nothing inline without the nonce, no other directive); `locked` adds
 * `default-src 'none'` and that page's other directives, so anything it forgot is refused;
 * `dynamic` trusts scripts by nonce and `'strict-dynamic'` only, not by origin. */
export function strictPolicy(nonce, api, variant = 'exact') {
  const scripts = variant === 'dynamic' ? `'nonce-${nonce}' 'strict-dynamic'` : `'nonce-${nonce}'`;
  const policy = [`script-src ${scripts} 'wasm-unsafe-eval' ${api}`, `style-src 'nonce-${nonce}'`];
  if (variant === 'locked') {
    policy.unshift("default-src 'none'");
    policy.push(`connect-src ${api}`, `img-src ${api} blob: https:`);
  }
  return policy.join('; ');
}

function strict(url, api, nonce) {
  const q = url.searchParams;
  const theme = q.has('theme') ? ` data-theme="${q.get('theme')}"` : '';
  const watch = `<script nonce="${nonce}">window.__csp=[];addEventListener('securitypolicyviolation',
    (e) => __csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile + ':' + e.lineNumber }));</script>`;
  const tag = `<script nonce="${nonce}" src="${api}/widget.js" data-token="${q.get('token') ?? ''}"${theme} defer></script>`;
  return article(tag, watch, q, nonce);
}

function article(tags, stub, q, nonce) {
  const n = nonce ? ` nonce="${nonce}"` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Host site</title>
<style${n}>${HOSTILE_CSS}</style>${stub}</head><body>
<header><h1>The Daily Harbor</h1><nav><a href="/other?${q}">Another page</a></nav></header>
<main><article><h2>Tides and coffee</h2><p>${'Lorem ipsum dolor sit amet. '.repeat(40)}</p>
<button type="button" id="host-button">Subscribe</button></article></main>
${tags}
</body></html>`;
}

/** Starts the host site on a free port of `localhost` (another origin than 127.0.0.1). */
export function startHostSite(api) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/page' || url.pathname === '/other' || url.pathname === '/pasted') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(page(url, api));
    } else if (url.pathname === '/strict') {
      const nonce = randomBytes(16).toString('base64');
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store',
        'Content-Security-Policy': strictPolicy(nonce, api, url.searchParams.get('policy') ?? 'exact'),
      });
      res.end(strict(url, api, nonce));
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ origin: `http://localhost:${server.address().port}`, close: () => server.close() });
    });
  });
}
