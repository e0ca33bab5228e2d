// The local embedding model (multilingual-e5-small, `scripts/embeddings`) for the benchmarks and
// the end-to-end runner: started on a free loopback port; it stops when this process ends (its
// standard input closes) or when `stop` is called.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { root } from './servers.mjs';

/** Starts the model; resolves to `{ url, stop }` once it answers (`url` ends in `/v1`). */
export async function startEmbeddings() {
  const child = spawn(join(root, 'scripts/embeddings'), ['attached'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    lines.once('line', (line) => (line.startsWith('ready ') ? resolve(line.slice(6).trim()) : reject(new Error(`scripts/embeddings: ${line}`))));
    child.once('exit', (code) => reject(new Error(`scripts/embeddings exited (${code})`)));
  });
  return { url, stop: () => child.stdin.end() };
}
