// What the browser's programs' builds share (scripts/build-widget.mjs, scripts/build-console.mjs):
// the one cargo call that compiles the widget's app and the console together, the steps that
// turn a compiled program into what a page loads (wasm-bindgen → wasm-opt -Oz → esbuild), and
// the swap that puts a finished folder in place.
//
// Both use the `web` profile (opt-level z, LTO). Compiled in one call, the crates the app and the
// console share (Leptos, web-sys and the rest) are built once, with the features either needs;
// two calls with different features built each of them twice (docs/testing.md).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules/.bin', name);
export const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
export const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 12);
const WASM_FEATURES = ['--enable-bulk-memory', '--enable-reference-types', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-nontrapping-float-to-int', '--enable-multivalue'];
const TARGET = 'wasm32-unknown-unknown';

/** Compiles `packages` (cargo's `-p` names) with the `web` profile, with `flags` besides. */
export function cargoWeb(packages, flags = []) {
  run('cargo', ['build', '--quiet', ...packages.flatMap((p) => ['-p', p]), '--profile', 'web',
    '--target', TARGET, ...flags]);
}

/** The widget's app and the console, in one call (see above). */
export const appAndConsole = () => cargoWeb(['porthole-widget', 'porthole-console']);

/** Where cargo leaves the compiled program of `crate` (its name with underscores). */
export const compiled = (crate) => join(root, 'target', TARGET, 'web', `${crate}.wasm`);

/**
 * Turns the compiled `wasm` into `dir/{name}.opt.wasm` and `dir/{name}.min.js`, and returns
 * both as bytes.
 */
export function finish(wasm, dir, name) {
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', dir, '--out-name', name, wasm]);
  run(bin('wasm-opt'), ['-Oz', '--strip-debug', '--strip-producers', ...WASM_FEATURES,
    join(dir, `${name}_bg.wasm`), '-o', join(dir, `${name}.opt.wasm`)]);
  run(bin('esbuild'), [join(dir, `${name}.js`), '--minify', '--format=esm', '--log-level=warning',
    `--outfile=${join(dir, `${name}.min.js`)}`]);
  return { wasm: readFileSync(join(dir, `${name}.opt.wasm`)), glue: readFileSync(join(dir, `${name}.min.js`)) };
}

/** Minifies a script with esbuild. */
export const minify = (input, output) =>
  run(bin('esbuild'), [input, '--minify', '--log-level=warning', `--outfile=${output}`]);

/** Puts the finished folder `next` in the place of `live` by renames, so a server reading it
 * never sees half of either. */
export function swapIn(next, live) {
  rmSync(`${live}.old`, { recursive: true, force: true });
  if (existsSync(live)) renameSync(live, `${live}.old`);
  renameSync(next, live);
  rmSync(`${live}.old`, { recursive: true, force: true });
}
