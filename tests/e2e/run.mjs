#!/usr/bin/env node
// Runs the browser end-to-end specs against real servers, like a configured web server:
// `wrangler dev` (workerd, local KV and Durable Objects) on a free port with a fresh state
// directory, and a host site on another origin that embeds the widget the way a customer's
// site does. The specs get both URLs through the environment; the exit code is theirs.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor, root, ADMIN_TOKEN, DEMO_TOKEN } from './support/servers.mjs';
import { startHostSite } from './support/host-site.mjs';

const state = mkdtempSync(join(tmpdir(), 'porthole-e2e-'));
const envFile = join(state, 'test.env');
writeFileSync(envFile, `ADMIN_TOKEN=${ADMIN_TOKEN}\nDEMO_BOT_TOKEN=${DEMO_TOKEN}\n`);
const port = await freePort();
const wrangler = spawn(join(root, 'node_modules/.bin/wrangler'), [
  'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(await freePort()),
  '--persist-to', join(state, 'state'), '--env-file', envFile, '--log-level', 'warn',
  '--show-interactive-dev-session=false',
], { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' }, stdio: ['ignore', 'inherit', 'inherit'], detached: true });

const api = `http://127.0.0.1:${port}`;
const site = await startHostSite(api);
let code = 1;
try {
  await waitFor(`${api}/api/widget/config?token=0`, 404);
  mkdirSync(join(root, 'tests/artifacts'), { recursive: true });
  // Node 20 does not find `*.spec.mjs` by itself; name them (or the ones given as arguments).
  const only = process.argv.slice(2);
  const files = readdirSync(join(root, 'tests/e2e/specs'))
    .filter((f) => f.endsWith('.spec.mjs') && (only.length === 0 || only.some((o) => f.includes(o))))
    .map((f) => join('tests/e2e/specs', f));
  const specs = spawn(process.execPath, ['--test', '--test-concurrency=1', ...files], {
    cwd: root, stdio: 'inherit', env: { ...process.env, E2E_API: api, E2E_SITE: site.origin },
  });
  code = await new Promise((resolve) => specs.on('exit', (c) => resolve(c ?? 1)));
} finally {
  site.close();
  try { process.kill(-wrangler.pid, 'SIGTERM'); } catch {}
  await new Promise((r) => setTimeout(r, 500));
  try { process.kill(-wrangler.pid, 'SIGKILL'); } catch {}
  rmSync(state, { recursive: true, force: true });
}
process.exit(code);
