#!/usr/bin/env node
// Builds the widget's two programs into dist/pkg/ and the loader into dist/widget.js:
//   launcher  (--no-default-features)  loaded by every host page before the first click
//   app       (default features)       loaded when the visitor reaches for the launcher
// Each: cargo (profile `widget`: opt-level z, LTO) → wasm-bindgen → wasm-opt -Oz → esbuild
// minify → content-hashed names (cached for a year). The loader is minified with those names
// filled in and stays short-lived. Everything else in static/ is copied. Sizes go to
// dist/pkg/manifest.json for the benchmarks.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules/.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
const out = join(root, 'build/widget');
// Written to dist.next/ and swapped in at the end, so a server reading dist/ never sees half a build.
const dist = join(root, 'dist.next');
const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 12);
const WASM_FEATURES = ['--enable-bulk-memory', '--enable-reference-types', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-nontrapping-float-to-int', '--enable-multivalue'];

function program(name, cargoFlags) {
  run('cargo', ['build', '--quiet', '-p', 'porthole-widget', '--profile', 'widget',
    '--target', 'wasm32-unknown-unknown', ...cargoFlags]);
  const dir = join(out, name);
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', dir, '--out-name', name,
    join(root, 'target/wasm32-unknown-unknown/widget/porthole_widget.wasm')]);
  run(bin('wasm-opt'), ['-Oz', '--strip-debug', '--strip-producers', ...WASM_FEATURES,
    join(dir, `${name}_bg.wasm`), '-o', join(dir, `${name}.opt.wasm`)]);
  run(bin('esbuild'), [join(dir, `${name}.js`), '--minify', '--format=esm', '--log-level=warning',
    `--outfile=${join(dir, `${name}.min.js`)}`]);
  const wasm = readFileSync(join(dir, `${name}.opt.wasm`));
  const glue = readFileSync(join(dir, `${name}.min.js`));
  return { wasm, glue, names: { js: `${name}-${hash(glue)}.js`, wasm: `${name}-${hash(wasm)}.wasm` } };
}

rmSync(out, { recursive: true, force: true });
const launcher = program('launcher', ['--no-default-features']);
const app = program('app', []);

rmSync(dist, { recursive: true, force: true });
cpSync(join(root, 'static'), dist, { recursive: true });
mkdirSync(join(dist, 'pkg'), { recursive: true });
for (const p of [launcher, app]) {
  writeFileSync(join(dist, 'pkg', p.names.js), p.glue);
  writeFileSync(join(dist, 'pkg', p.names.wasm), p.wasm);
}
const loader = readFileSync(join(root, 'static/widget.js'), 'utf8')
  .replace('__LAUNCHER_JS__', launcher.names.js)
  .replace('__LAUNCHER_WASM__', launcher.names.wasm)
  .replace('__APP_JS__', app.names.js)
  .replace('__APP_WASM__', app.names.wasm);
writeFileSync(join(out, 'widget.js'), loader);
run(bin('esbuild'), [join(out, 'widget.js'), '--minify', '--log-level=warning', `--outfile=${join(dist, 'widget.js')}`]);
const manifest = {
  loader: 'widget.js',
  launcher: launcher.names,
  app: app.names,
};
writeFileSync(join(dist, 'pkg', 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
const live = join(root, 'dist');
// The console is built on its own (scripts/build-console.mjs): keep it.
if (existsSync(join(live, 'console'))) cpSync(join(live, 'console'), join(dist, 'console'), { recursive: true, preserveTimestamps: true });
rmSync(`${live}.old`, { recursive: true, force: true });
if (existsSync(live)) renameSync(live, `${live}.old`);
renameSync(dist, live);
rmSync(`${live}.old`, { recursive: true, force: true });
for (const [label, p] of [['launcher', launcher], ['app', app]]) {
  console.log(`    ${label}: ${p.names.js} (${p.glue.length} B), ${p.names.wasm} (${p.wasm.length} B)`);
}
