#!/usr/bin/env node
// Makes sure the demo bot of .dev.vars (DEMO_BOT_TOKEN) exists on a running Porthole and knows
// the demo knowledge base (demo/bot.json). Idempotent: an existing bot keeps its config, and
// documents are replaced by URL. Usage: node scripts/seed-demo.mjs http://127.0.0.1:8787
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const base = process.argv[2] ?? 'http://127.0.0.1:8787';
const vars = Object.fromEntries(
  readFileSync(join(root, '.dev.vars'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && line.includes('='))
    .map((line) => [line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1).trim()]),
);
const { ADMIN_TOKEN: admin, DEMO_BOT_TOKEN: token, DEMO_OPERATOR_EMAIL: email, DEMO_OPERATOR_PASSWORD: password } = vars;
if (!admin || !/^[0-9a-f]{32}$/.test(token ?? '')) {
  console.error('error: .dev.vars needs ADMIN_TOKEN and a 32-hex DEMO_BOT_TOKEN (see .dev.vars.example)');
  process.exit(1);
}
const demo = JSON.parse(readFileSync(join(root, 'demo/bot.json'), 'utf8'));
const call = (method, path, body) =>
  fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  });

// Wait for the server (the first start compiles nothing, but workerd takes a moment).
for (let i = 0; ; i++) {
  try {
    await fetch(`${base}/api/widget/config?token=0`);
    break;
  } catch (e) {
    if (i > 240) throw new Error(`Porthole did not start at ${base}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const existing = await call('GET', `/api/admin/bots/${token}`);
if (existing.status === 404) {
  const created = await call('PUT', `/api/admin/bots/${token}`, demo.config);
  if (!created.ok) throw new Error(`creating the demo bot failed: ${created.status} ${await created.text()}`);
} else if (!existing.ok) {
  throw new Error(`reading the demo bot failed: ${existing.status} ${await existing.text()}`);
}
for (const doc of demo.documents) {
  const text = readFileSync(join(root, 'demo', doc.file), 'utf8');
  const res = await call('POST', `/api/admin/bots/${token}/documents`, { title: doc.title, url: doc.url, text });
  if (!res.ok) throw new Error(`adding ${doc.file} failed: ${res.status} ${await res.text()}`);
}
console.log(`==> demo bot ${token} is ready with ${demo.documents.length} knowledge documents`);
if (email && password) {
  // An owner (the console's every page); 409 means it exists already (its password is left as it is).
  const res = await call('POST', '/api/admin/operators', { name: 'Jane (demo)', email, password, role: 'owner' });
  if (!res.ok && res.status !== 409) throw new Error(`creating the demo operator failed: ${res.status} ${await res.text()}`);
  console.log(`==> demo operator ${email} can sign in`);
}
