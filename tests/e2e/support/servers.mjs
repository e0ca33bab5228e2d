// Small helpers for the end-to-end runner and specs: ports, readiness, the admin API.
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../../..', import.meta.url).pathname;
export const ADMIN_TOKEN = 'e2e-admin-token-91c2-4b7f0e3a8d5c6e19';
/** Signs the test server's dashboard sessions. */
export const JWT_SECRET = 'e2e-jwt-secret-0123456789abcdef-0123456';
/** The demo page (`/` of the service) embeds the bot with this token. */
export const DEMO_TOKEN = 'e2e000000000000000000000000de000';
export const API = process.env.E2E_API;
export const SITE = process.env.E2E_SITE;

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Polls `url` until it answers with `status` (three minutes at most). */
export async function waitFor(url, status) {
  for (let i = 0; i < 720; i++) {
    try {
      if ((await fetch(url)).status === status) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} never answered ${status}`);
}

/** Calls the admin API. A pooled keep-alive connection the server closed while this process's
 * event loop was blocked (a spec running LibreOffice synchronously) fails before the request is
 * sent ("fetch failed", the socket closed by the other side): that one is sent again, once. */
export async function admin(method, path, body) {
  const send = () => fetch(API + path, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  const res = await send().catch((e) => {
    if (!(e instanceof TypeError)) throw e; // undici's "fetch failed": nothing was answered
    return send();
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Creates a bot with the demo knowledge base and `config` on top of the demo config (at
 * `at`, when given, else at a token the service generates). */
export async function createDemoBot(config = {}, at = undefined) {
  const demo = JSON.parse(readFileSync(join(root, 'demo/bot.json'), 'utf8'));
  const body = { ...demo.config, ...config };
  const { token } = at ? await admin('PUT', `/api/admin/bots/${at}`, body) : await admin('POST', '/api/admin/bots', body);
  for (const doc of demo.documents) {
    const text = readFileSync(join(root, 'demo', doc.file), 'utf8');
    await admin('POST', `/api/admin/bots/${token}/documents`, { title: doc.title, url: doc.url, text });
  }
  return token;
}
