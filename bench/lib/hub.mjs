// The hub under load (section 11): the one object every message of a bot reaches twice (its
// conversation's outbox announces the visitor's message, then the reply). `wrk` sends the hub
// batches shaped as those announcements, through a harness Worker (bench/hub/) in its own
// `wrangler dev` beside Porthole's, while dashboards are signed in on tenant sockets. Each batch
// is a new conversation's, so each is taken, indexed, counted, stored and sent to every socket;
// the sockets must receive every event, in order. The same batch sent again and again is the
// floor: the hub only sees that it already took it (and sends nothing). docs/scale.md sets the
// difference, the hub's own time per batch, against the 2,000 batches a second a bot at 1,000
// messages a second sends.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWrangler } from '../../tests/e2e/support/wrangler.mjs';
import { parseWrk } from './edge.mjs';
import { signInOperator, tenantSocket } from './live.mjs';

const randomHex = () => randomBytes(4).toString('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** The conversation whose real events become the load's templates. */
const SAMPLE_CHAT = `web_${'c'.repeat(32)}`;
/** The conversation of the floor's repeated batch. */
const REPEAT_CHAT = `web_${'d'.repeat(32)}`;

/**
 * The events one real turn announced (visitor's message and reply, on a new conversation),
 * as the sockets saw them: `[first flush, second flush]`, each a list of `{type, data}` with the
 * chat id replaced by `__CHAT__`.
 */
async function sampleTurn(api, token, seen) {
  const res = await fetch(`${api}/api/widget/message`, {
    method: 'POST', body: JSON.stringify({ token, message: 'Hello, is anyone there?', chat_id: SAMPLE_CHAT }),
  });
  if (!res.ok) throw new Error(`the sample turn: ${res.status} ${await res.text()}`);
  for (let i = 0; i < 100 && !seen.some((e) => e.type === 'message:new' && e.data.message.role === 'assistant'); i++) await sleep(50);
  await sleep(300);
  const events = seen.filter((e) => JSON.stringify(e).includes(SAMPLE_CHAT)).sort((a, b) => a.seq - b.seq);
  const reply = events.findIndex((e) => e.type === 'message:new' && e.data.message.role === 'assistant');
  if (reply < 1) throw new Error(`the sample turn announced ${events.map((e) => e.type).join(', ') || 'nothing'}`);
  const template = (list) => list.map(({ type, data }) => JSON.parse(JSON.stringify({ type, data }).replaceAll(SAMPLE_CHAT, '__CHAT__')));
  return [template(events.slice(0, reply)), template(events.slice(reply))];
}

/**
 * wrk's script: request k announces flush `k % 2` of a conversation, numbered from 1 as a
 * conversation's outbox numbers them. With `fresh`, each request is a new conversation's (the
 * hub takes every one); without, always the same one's (the hub took it once).
 */
function script(token, flushes, fresh) {
  const batches = flushes.map((events) => JSON.stringify(events.map((event, i) => ({ origin: `${token}/__CHAT__`, n: i + 1, event }))));
  // wrk's math.random starts from the same seed in every run: the prefix keeps runs apart.
  const chat = fresh ? `string.format("web_${randomHex()}%08x%08x", counter, math.random(0, 2147483647))` : `"${REPEAT_CHAT}"`;
  return `batches = { [==[${batches[0]}]==], [==[${batches[1]}]==] }
counter = 0
request = function()
  counter = counter + 1
  local chat = ${chat}
  local body = string.gsub(batches[counter % 2 + 1], "__CHAT__", chat)
  return wrk.format("POST", "/hub-load/announce", {["Content-Type"] = "application/json"}, body)
end
`;
}

/** Runs wrk with `script` for `seconds`; wrk's figures plus the number of requests sent. */
function wrk(url, file, connections, seconds) {
  const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', file, url], { encoding: 'utf8' });
  const sent = Number(out.match(/(\d+) requests in/)?.[1] ?? NaN);
  return { ...parseWrk(out), sent };
}

/**
 * Section 11: Porthole and the harness in two fresh `wrangler dev` sessions, `sockets`
 * dashboards signed in, then wrk with new conversations' batches and with repeats.
 */
export async function hubLoad(adminToken, jwtSecret, { sockets = 4, seconds = 10, connections = 16 } = {}) {
  // The harness finds Porthole's hub through a registry of their own.
  const registry = mkdtempSync(join(tmpdir(), 'porthole-registry-'));
  const w = await startWrangler({ ADMIN_TOKEN: adminToken, JWT_SECRET: jwtSecret, RATE_LIMITS: 'off' }, { stdio: 'ignore', inspector: false, registry });
  const open = [];
  let harness;
  try {
    harness = await startWrangler({}, { stdio: 'ignore', inspector: false, registry, config: 'bench/hub/wrangler.toml' });
    const created = await fetch(`${w.url}/api/admin/bots`, {
      method: 'POST', headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' }, body: '{"stream_pace_ms":0}',
    });
    if (!created.ok) throw new Error(`creating the bot: ${created.status}`);
    const { token } = await created.json();
    const operator = await signInOperator(w.url, adminToken, [token]);
    // Every socket keeps the sequence numbers of the events it got.
    const received = [];
    const seen = [];
    for (let i = 0; i < sockets; i++) {
      const mine = [];
      received.push(mine);
      open.push(await tenantSocket(w.url, operator.jwt, (msg) => {
        if (typeof msg.seq !== 'number') return;
        mine.push(msg.seq);
        if (i === 0) seen.push(msg);
      }));
    }
    const flushes = await sampleTurn(w.url, token, seen);
    const dir = mkdtempSync(join(tmpdir(), 'porthole-hub-'));
    // A warm-up, then the measured run, each with a script of its own (its own chat ids).
    const measure = (fresh) => [[4, 2], [connections, seconds]].map(([c, d], i) => {
      const file = join(dir, `${fresh ? 'fresh' : 'repeat'}-${i}.lua`);
      writeFileSync(file, script(token, flushes, fresh));
      return wrk(harness.url, file, c, d);
    });
    const before = received.map((r) => r.length);
    const [warm, run] = measure(true);
    // Every answered request was taken: request k of a wrk run sent flush k % 2, so the events
    // of both runs reach every socket (and perhaps those of requests still in flight at the end).
    const events = ({ sent }) => Math.ceil(sent / 2) * flushes[1].length + Math.floor(sent / 2) * flushes[0].length;
    const expected = events(warm) + events(run);
    for (let i = 0; i < 200 && received.some((r, s) => r.length - before[s] < expected); i++) await sleep(50);
    const delivered = Math.min(...received.map((r, s) => r.length - before[s]));
    const inOrder = received.every((r) => r.every((seq, i) => i === 0 || seq === r[i - 1] + 1));
    // The floor's batches are all one conversation's, numbered 1 and 2: the hub takes two
    // events of it at most, and sends nothing for the repeats. (Counted by conversation: events
    // of fresh batches still in flight when wrk stopped may arrive meanwhile.)
    const [, repeat] = measure(false);
    await sleep(1000);
    const sentAgain = seen.filter((e) => JSON.stringify(e.data).includes(REPEAT_CHAT)).length;
    const perFlush = (flushes[0].length + flushes[1].length) / 2;
    return {
      sockets, connections, seconds, flushes: flushes.map((f) => f.map((e) => e.type)),
      fresh: { rps: run.rps, p50: run.p50, p99: run.p99, non2xx: warm.non2xx + run.non2xx, events: run.rps * perFlush },
      repeat: { rps: repeat.rps, p50: repeat.p50, p99: repeat.p99, non2xx: repeat.non2xx },
      expected, delivered, inOrder, sentAgain,
    };
  } finally {
    for (const ws of open) ws.close();
    await harness?.stop();
    await w.stop();
    rmSync(registry, { recursive: true, force: true });
  }
}
