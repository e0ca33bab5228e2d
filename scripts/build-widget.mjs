#!/usr/bin/env node
// Builds the widget's two programs into dist/pkg/ and the loader into dist/widget.js:
//   launcher  (--no-default-features)  loaded by every host page before the first click
//   app       (default features)       loaded when the visitor reaches for the launcher
// Each: cargo (profile `web`: opt-level z, LTO; the app in one call with the console,
// scripts/wasm.mjs) → wasm-bindgen → wasm-opt -Oz → esbuild minify → content-hashed names
// (cached for a year). The loader is minified with those names filled in and stays
// short-lived. Everything else in static/ is copied. Sizes go to dist/pkg/manifest.json for the
// benchmarks.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appAndConsole, cargoWeb, compiled, finish, hash, minify, root, swapIn } from './wasm.mjs';

const out = join(root, 'build/widget');
// Written to dist.next/ and swapped in at the end, so a server reading dist/ never sees half a build.
const dist = join(root, 'dist.next');

// The launcher first, the app last: both leave their program at the same place.
function program(name, compile) {
  compile();
  const { wasm, glue } = finish(compiled('porthole_widget'), join(out, name), name);
  return { wasm, glue, names: { js: `${name}-${hash(glue)}.js`, wasm: `${name}-${hash(wasm)}.wasm` } };
}

rmSync(out, { recursive: true, force: true });
const launcher = program('launcher', () => cargoWeb(['porthole-widget'], ['--no-default-features']));
const app = program('app', appAndConsole);

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
minify(join(out, 'widget.js'), join(dist, 'widget.js'));
const manifest = {
  loader: 'widget.js',
  launcher: launcher.names,
  app: app.names,
};
writeFileSync(join(dist, 'pkg', 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
const live = join(root, 'dist');
// The console is built on its own (scripts/build-console.mjs): keep it.
if (existsSync(join(live, 'console'))) cpSync(join(live, 'console'), join(dist, 'console'), { recursive: true, preserveTimestamps: true });
swapIn(dist, live);
for (const [label, p] of [['launcher', launcher], ['app', app]]) {
  console.log(`    ${label}: ${p.names.js} (${p.glue.length} B), ${p.names.wasm} (${p.wasm.length} B)`);
}
