#!/usr/bin/env node
// Builds the console into dist/console/: cargo (profile `web`, in one call with the widget's
// app: scripts/wasm.mjs) → wasm-bindgen → wasm-opt -Oz → esbuild minify → content-hashed names
// under dist/console/pkg/ (cached for a year), a boot module, the stylesheet, index.html with those
// names filled in, and the widget preview frame. Sizes go to dist/console/manifest.json.
//
// Two steps, so that only the last one touches dist/, after the widget's build, which replaces
// dist/ (`make build` runs the worker's beside them):
//   node scripts/build-console.mjs           compile into build/console/site/
//   node scripts/build-console.mjs install   put build/console/site/ in place as dist/console/
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appAndConsole, compiled, finish, hash, root, swapIn } from './wasm.mjs';

const out = join(root, 'build/console');
const live = join(root, 'dist/console');
const next = join(out, 'site');

if (process.argv[2] === 'install') install();
else compile();

function compile() {
  rmSync(out, { recursive: true, force: true });
  // Nothing to compile when the widget's build has just compiled both (`make build`).
  appAndConsole();
  const { wasm, glue } = finish(compiled('porthole_console'), out, 'console');
  const css = readFileSync(join(root, 'console/console.css'));
  const names = {
    js: `console-${hash(glue)}.js`,
    wasm: `console-${hash(wasm)}.wasm`,
    css: `console-${hash(css)}.css`,
  };
  const boot = Buffer.from(`import init from './${names.js}';init({module_or_path:'/console/pkg/${names.wasm}'});\n`);
  names.boot = `boot-${hash(boot)}.js`;

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
  console.log(`    console: ${names.js} (${glue.length} B), ${names.wasm} (${wasm.length} B), ${names.css} (${css.length} B)`);
}

// dist/console is swapped whole (the new one copied beside it, then renamed), so a server
// reading dist/ never sees half of it.
function install() {
  const staged = `${live}.next`;
  rmSync(staged, { recursive: true, force: true });
  cpSync(next, staged, { recursive: true });
  swapIn(staged, live);
}
