// Edge throughput on loopback with wrk against wrangler dev (rate limits lifted with the
// dev-only RATE_LIMITS=off): a static asset as the baseline; the floor (BENCH_FLOOR=on: a call
// into a new Conversation object that answers at once, what every new conversation's first
// message must cost in this design); then config, ping and message (extractive responder, a
// new conversation per request, and one of 64 that exist), and the three polls an open widget
// makes while a person may answer (operator-messages, block-status, pending-proactive, on a
// conversation that exists), each as requests per second and p50/p99 latency, its ratio to
// the baseline and to the floor, and the CPU time workerd spent per request (what Cloudflare
// bills), read from /proc for the processes of wrangler's group before and after the run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const post = (body) => `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = '${body}'\n`;

/** A wrk script posting a message to a new conversation each time, or with `every`, to one of
 * `every` conversations in turn (the same in the warm-up and the measured run, so they exist). */
const messages = (token, every = 0) => `counter = 0
request = function()
  counter = counter + 1
  local n = ${every} > 0 and counter % ${every} or counter
  local body = string.format('{"token":"${token}","message":"When are you open?","chat_id":"web_${every > 0 ? 'cafe' : '__RUN__'}%08x%08x"}', n, ${every} > 0 and 0 or math.random(0, 2147483647))
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
`;

/** The floor's name: what the message figures are a share of. */
export const FLOOR = 'floor: a new object that answers at once';

function targets(api, token, session) {
  const poll = (endpoint) => `${api}/api/v1/chat/${endpoint}?site_key=${token}&session_id=${session}`;
  return [
    { name: 'static asset (baseline)', url: `${api}/widget.js`, lua: '' },
    { name: 'GET /api/widget/config', url: `${api}/api/widget/config?token=${token}`, lua: '' },
    { name: 'POST /api/widget/ping', url: `${api}/api/widget/ping`, lua: post(`{"token":"${token}"}`) },
    // Where the messages start making objects: the thousands it leaves in workerd slowed the
    // config and ping measured after it by a fifth.
    { name: FLOOR, url: `${api}/__bench/floor`, lua: messages(token) },
    { name: 'POST /api/widget/message', url: `${api}/api/widget/message`, lua: messages(token) },
    { name: 'POST /api/widget/message, one of 64 conversations', url: `${api}/api/widget/message`, lua: messages(token, 64) },
    { name: 'GET /api/v1/chat/operator-messages', url: `${poll('operator-messages')}&after=0`, lua: '' },
    { name: 'GET /api/v1/chat/block-status', url: poll('block-status'), lua: '' },
    { name: 'GET /api/v1/chat/pending-proactive', url: poll('pending-proactive'), lua: '' },
  ];
}

/** Parses wrk's `--latency` report. */
export function parseWrk(text) {
  const ms = (v, unit) => Number(v) * ({ us: 0.001, ms: 1, s: 1000, m: 60000 }[unit] ?? 1);
  const pct = (p) => {
    const m = text.match(new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s|m)`));
    return m ? ms(m[1], m[2]) : null;
  };
  const rps = text.match(/Requests\/sec:\s+([\d.]+)/);
  const errors = text.match(/Non-2xx or 3xx responses:\s+(\d+)/);
  const requests = text.match(/(\d+) requests in/);
  return {
    rps: rps ? Number(rps[1]) : null, p50: pct(50), p99: pct(99), non2xx: errors ? Number(errors[1]) : 0,
    requests: requests ? Number(requests[1]) : null,
  };
}

/** CPU time (ms) the `workerd` processes of process group `group` have used so far. */
function workerdCpuMs(group) {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat;
    try { stat = readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { continue; }
    // `pid (comm) state ppid pgrp …`: the name may hold spaces, so read after its `)`.
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (name.startsWith('workerd') && Number(f[2]) === group) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** `group`: wrangler's process group, whose workerd's CPU time is read (none: not read). */
export async function edgeThroughput(api, token, { seconds = 10, connections = 16, group } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-wrk-'));
  // The polled conversation exists: one visitor message first.
  const session = 'web_0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b';
  const started = await fetch(`${api}/api/widget/message`, {
    method: 'POST',
    body: JSON.stringify({ token, message: 'Hello', chat_id: session }),
  });
  if (!started.ok) throw new Error(`starting the polled conversation: ${started.status}`);
  const results = [];
  for (const [i, t] of targets(api, token, session).entries()) {
    // Each request is measured from a quiet machine, whatever the one before left running
    // (the message run's conversations still announce to the hub for a moment).
    const settled = await settle();
    const script = join(dir, `t${i}.lua`);
    // Warm the isolate and the objects first, then measure. wrk's math.random starts from the
    // same seed in every run: __RUN__ keeps the two runs' conversations apart.
    const lua = (run) => { writeFileSync(script, (t.lua || '-- GET\n').replace('__RUN__', run)); return script; };
    execFileSync('wrk', ['-t1', '-c4', '-d2s', '-s', lua('0000'), t.url], { encoding: 'utf8' });
    const cpuBefore = group ? workerdCpuMs(group) : null;
    const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', lua('1111'), t.url], { encoding: 'utf8' });
    const figures = parseWrk(out);
    const cpuMs = group && figures.requests ? (workerdCpuMs(group) - cpuBefore) / figures.requests : null;
    results.push({ name: t.name, ...figures, cpuMs, settled });
  }
  return results;
}

/** The machine's busy share of CPU time over `ms` milliseconds (from /proc/stat). */
async function busy(ms) {
  const read = () => {
    const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const idle = f[3] + f[4];
    return { idle, total: f.reduce((a, b) => a + b, 0) };
  };
  const a = read();
  await new Promise((r) => setTimeout(r, ms));
  const b = read();
  return 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
}

/** Waits (up to 30 s) until the machine is quiet: under 10 % busy over half a second. Returns
 * the seconds waited. */
async function settle() {
  const start = Date.now();
  while (Date.now() - start < 30_000 && (await busy(500)) > 0.1) {}
  return Math.round((Date.now() - start) / 100) / 10;
}
