// Starts `wrangler dev` (workerd, local KV and Durable Objects) for the end-to-end runner and
// the benchmarks: a free port, a fresh state directory, an env file with the given variables
// (so a developer's .dev.vars never leaks in), and readiness polling. wrangler's debug log stays
// in the state directory, removed with it (not in ~/.config/.wrangler/logs for good).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor, root } from './servers.mjs';

/**
 * Starts wrangler dev with `vars`; resolves once the worker answers. `config` runs another
 * Worker instead of Porthole (the bench's harnesses; it must answer 404 to an unknown token).
 * `inspector: false` runs it without wrangler's inspector (`quiet-dev.mjs`), as the benchmarks do.
 * Sessions given the same `registry` directory reach each other's Durable Objects. `assets`
 * serves the static assets from another directory than wrangler.toml's `dist/`.
 */
export async function startWrangler(vars, { logLevel = 'warn', stdio = 'inherit', config = 'wrangler.toml', inspector = true, registry, assets } = {}) {
  const state = mkdtempSync(join(tmpdir(), 'porthole-wrangler-'));
  const envFile = join(state, 'vars.env');
  // wrangler dev --local: the AI binding of wrangler.toml is a stand-in here.
  writeFileSync(envFile, Object.entries({ WORKERS_AI: 'unavailable', ...vars }).map(([k, v]) => `${k}=${v}\n`).join(''));
  const port = await freePort();
  const started = Date.now();
  const args = inspector
    ? [join(root, 'node_modules/.bin/wrangler'), 'dev', '--local', '--config', config, '--ip', '127.0.0.1', '--port', String(port),
      '--inspector-port', String(await freePort()), '--persist-to', join(state, 'state'), '--env-file', envFile,
      '--log-level', logLevel, '--show-interactive-dev-session=false', '--test-scheduled', ...(assets ? ['--assets', assets] : [])]
    : [process.execPath, join(root, 'tests/e2e/support/quiet-dev.mjs'), config, String(port), join(state, 'state'), envFile, logLevel];
  const child = spawn(args[0], args.slice(1), { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: '1', WRANGLER_LOG_PATH: join(state, 'wrangler-debug.log'), ...(registry ? { WRANGLER_REGISTRY_PATH: registry } : {}) }, stdio: ['ignore', stdio, stdio], detached: true });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch {}
    await new Promise((r) => setTimeout(r, 500));
    try { process.kill(-child.pid, 'SIGKILL'); } catch {}
    rmSync(state, { recursive: true, force: true });
  };
  try {
    await waitFor(`${url}/api/widget/config?token=0`, 404);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, started, stop, pid: child.pid };
}
