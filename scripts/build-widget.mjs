#!/usr/bin/env node
// Builds the widget into dist/: the Rust crate to wasm (release, LTO), wasm-bindgen's JS glue,
// wasm-opt -Oz, then content-hashed names under dist/pkg/ (cached for a year) and the loader
// dist/widget.js (short-lived, minified) pointing at them. Everything else in static/ is copied.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
const out = join(root, 'build/widget');
const dist = join(root, 'dist');

run('cargo', ['build', '--quiet', '-p', 'porthole-widget', '--release', '--target', 'wasm32-unknown-unknown']);
rmSync(out, { recursive: true, force: true });
run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', out, '--out-name', 'porthole',
  join(root, 'target/wasm32-unknown-unknown/release/porthole_widget.wasm')]);
run(join(root, 'node_modules/.bin/wasm-opt'), ['-Oz', '--strip-debug', '--strip-producers',
  '--enable-bulk-memory', '--enable-reference-types', '--enable-sign-ext', '--enable-mutable-globals',
  '--enable-nontrapping-float-to-int', '--enable-multivalue',
  join(out, 'porthole_bg.wasm'), '-o', join(out, 'porthole.opt.wasm')]);
run(join(root, 'node_modules/.bin/esbuild'), [join(out, 'porthole.js'), '--minify', '--format=esm',
  '--log-level=warning', `--outfile=${join(out, 'porthole.min.js')}`]);

const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 12);
const wasm = readFileSync(join(out, 'porthole.opt.wasm'));
const glue = readFileSync(join(out, 'porthole.min.js'));
const names = { glue: `porthole-${hash(glue)}.js`, wasm: `porthole-${hash(wasm)}.wasm` };

rmSync(dist, { recursive: true, force: true });
cpSync(join(root, 'static'), dist, { recursive: true });
mkdirSync(join(dist, 'pkg'), { recursive: true });
writeFileSync(join(dist, 'pkg', names.glue), glue);
writeFileSync(join(dist, 'pkg', names.wasm), wasm);

const loader = readFileSync(join(root, 'static/widget.js'), 'utf8')
  .replace('__PORTHOLE_GLUE__', names.glue)
  .replace('__PORTHOLE_WASM__', names.wasm);
writeFileSync(join(out, 'widget.js'), loader);
run(join(root, 'node_modules/.bin/esbuild'), [join(out, 'widget.js'), '--minify', '--log-level=warning',
  `--outfile=${join(dist, 'widget.js')}`]);
writeFileSync(join(dist, 'pkg', 'manifest.json'), JSON.stringify({ loader: 'widget.js', ...names }, null, 2) + '\n');
console.log(`    widget: ${names.glue} (${glue.length} B), ${names.wasm} (${wasm.length} B), widget.js`);
