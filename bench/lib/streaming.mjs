// Streaming overhead: a bot on the `openai` responder pointed at the fake OpenAI-compatible
// upstream (its own program), which emits tokens at a fixed pace and prints its own timings.
// At the client, time to the first chunk and to `done`, against when the upstream wrote its
// first chunk and its end: the milliseconds Porthole adds.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { streamOnce } from './stream-client.mjs';

const root = new URL('../..', import.meta.url).pathname;

/** Starts target/release/fake-llm; resolves with its base URL and a queue of timing lines. */
async function startFake() {
  const child = spawn(join(root, 'target/release/fake-llm'), [], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const timings = [];
  const waiting = [];
  const base = await new Promise((resolve) => {
    lines.on('line', (line) => {
      if (line.startsWith('listening ')) return resolve(line.slice(10).trim());
      const t = JSON.parse(line);
      const w = waiting.shift();
      if (w) w(t); else timings.push(t);
    });
  });
  const next = () => (timings.length ? Promise.resolve(timings.shift()) : new Promise((r) => waiting.push(r)));
  return { base, next, stop: () => child.kill() };
}

/** Sends one streamed question; returns when the first chunk and `done` arrived (epoch ms). */
const ask = (api, token, i) =>
  streamOnce(api, { site_key: token, message: `Question ${i}?`, message_id: `bench${i}_${Date.now()}` });

export async function streamingOverhead(api, admin, { runs = 10, model = 'fake:first=300,delay=40' } = {}) {
  const fake = await startFake();
  try {
    const token = await admin.createBot({ stream_pace_ms: 0, ai: { responder: 'openai', model, base_url: fake.base } });
    const samples = [];
    for (let i = 0; i < runs + 1; i++) {
      const client = await ask(api, token, i);
      const upstream = await fake.next();
      if (i === 0) continue; // warm-up
      samples.push({
        request: upstream.received_ms - client.sent,
        first: client.first - upstream.first_chunk_ms,
        done: client.done - upstream.done_ms,
        upstreamFirst: upstream.first_chunk_ms - upstream.received_ms,
        upstreamTotal: upstream.done_ms - upstream.received_ms,
        clientFirst: client.first - client.sent,
        clientTotal: client.done - client.sent,
      });
    }
    const med = (k) => {
      const s = samples.map((x) => x[k]).sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    return { runs, model, ...Object.fromEntries(Object.keys(samples[0]).map((k) => [k, med(k)])) };
  } finally {
    fake.stop();
  }
}
