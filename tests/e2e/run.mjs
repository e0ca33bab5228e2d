#!/usr/bin/env node
// Runs the browser end-to-end specs against real servers, like a configured web server:
// `wrangler dev` (workerd, local KV and Durable Objects) on a free port with a fresh state
// directory, and a host site on another origin that embeds the widget the way a customer's
// site does. The specs get both URLs through the environment; the exit code is theirs.
// Arguments narrow the specs to the files whose names contain them.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, ADMIN_TOKEN, DEMO_TOKEN, JWT_SECRET } from './support/servers.mjs';
import { startHostSite } from './support/host-site.mjs';
import { startWrangler } from './support/wrangler.mjs';

const wrangler = await startWrangler({ ADMIN_TOKEN, JWT_SECRET, DEMO_BOT_TOKEN: DEMO_TOKEN });
const api = wrangler.url;
const site = await startHostSite(api);
let code = 1;
try {
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
  await wrangler.stop();
}
process.exit(code);
