#!/usr/bin/env node
// Builds the console into dist/console/: cargo (profile `console`: opt-level z, LTO) →
// wasm-bindgen → wasm-opt -Oz → esbuild minify → content-hashed names under
// dist/console/pkg/ (cached for a year), a boot module, the stylesheet, index.html with those
// names filled in, and the widget preview frame. Sizes go to dist/console/manifest.json.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules/.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
const out = join(root, 'build/console');
const live = join(root, 'dist/console');
const next = `${live}.next`;
const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 12);
const WASM_FEATURES = ['--enable-bulk-memory', '--enable-reference-types', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-nontrapping-float-to-int', '--enable-multivalue'];

run('cargo', ['build', '--quiet', '-p', 'porthole-console', '--profile', 'console',
  '--target', 'wasm32-unknown-unknown']);
rmSync(out, { recursive: true, force: true });
run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', out, '--out-name', 'console',
  join(root, 'target/wasm32-unknown-unknown/console/porthole_console.wasm')]);
run(bin('wasm-opt'), ['-Oz', '--strip-debug', '--strip-producers', ...WASM_FEATURES,
  join(out, 'console_bg.wasm'), '-o', join(out, 'console.opt.wasm')]);
run(bin('esbuild'), [join(out, 'console.js'), '--minify', '--format=esm', '--log-level=warning',
  `--outfile=${join(out, 'console.min.js')}`]);

const wasm = readFileSync(join(out, 'console.opt.wasm'));
const glue = readFileSync(join(out, 'console.min.js'));
const css = readFileSync(join(root, 'console/console.css'));
const names = {
  js: `console-${hash(glue)}.js`,
  wasm: `console-${hash(wasm)}.wasm`,
  css: `console-${hash(css)}.css`,
};
const boot = Buffer.from(`import init from './${names.js}';init({module_or_path:'/console/pkg/${names.wasm}'});\n`);
names.boot = `boot-${hash(boot)}.js`;

rmSync(next, { recursive: true, force: true });
mkdirSync(join(next, 'pkg'), { recursive: true });
writeFileSync(join(next, 'pkg', names.js), glue);
writeFileSync(join(next, 'pkg', names.wasm), wasm);
writeFileSync(join(next, 'pkg', names.css), css);
writeFileSync(join(next, 'pkg', names.boot), boot);
const index = readFileSync(join(root, 'console/index.html'), 'utf8')
  .replaceAll('__CSS__', names.css)
  .replaceAll('__JS__', names.js)
  .replaceAll('__WASM__', names.wasm)
  .replaceAll('__BOOT__', names.boot);
writeFileSync(join(next, 'index.html'), index);
cpSync(join(root, 'console/preview.html'), join(next, 'preview.html'));
cpSync(join(root, 'console/preview.js'), join(next, 'preview.js'));
cpSync(join(root, 'console/preview.css'), join(next, 'preview.css'));
const sizes = { js: glue.length, wasm: wasm.length, css: css.length, boot: boot.length, html: index.length };
writeFileSync(join(next, 'manifest.json'), JSON.stringify({ names, sizes }, null, 2) + '\n');
writeFileSync(join(next, '.built'), '');

rmSync(`${live}.old`, { recursive: true, force: true });
if (existsSync(live)) renameSync(live, `${live}.old`);
renameSync(next, live);
rmSync(`${live}.old`, { recursive: true, force: true });
console.log(`    console: ${names.js} (${glue.length} B), ${names.wasm} (${wasm.length} B), ${names.css} (${css.length} B)`);
