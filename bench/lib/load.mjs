// Sustained load: a few hundred visitors stream at once, for minutes. Each simulated visitor
// asks a question on its own chat (extractive responder, the default 30 ms pace, so each reply
// stays open for a while), reads the SSE stream to `done`, and asks again, until the time is up.
// Reports requests, errors (a non-200 after the client's retries, an `error` frame, a dropped
// stream or a missing `done`: must be 0), questions sent again after a transient 503 (with the
// same message_id: still one turn), time to the first chunk (p50, p99), streams open at once,
// and the resident memory of the workerd processes at the start and the end.
import { execFileSync } from 'node:child_process';
import { streamOnce } from './stream-client.mjs';

const QUESTIONS = ['What are your opening hours?', 'Where are you?', 'Do you ship to Canada?', 'How much is shipping?'];

/** Resident memory (MB) of the workerd processes in `pgid`'s process group. */
export function workerdMemory(pgid) {
  try {
    const out = execFileSync('ps', ['-o', 'rss=,comm=', '-g', String(pgid)], { encoding: 'utf8' });
    const kb = out.split('\n').filter((l) => l.includes('workerd')).reduce((sum, l) => sum + Number(l.trim().split(/\s+/)[0] || 0), 0);
    return kb / 1024;
  } catch {
    return null;
  }
}

const hex = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
const pct = (xs, p) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** One question on a chat of its own; ms to the first chunk (to `done` if none came). */
async function ask(api, token, i) {
  const body = { site_key: token, session_id: `web_${hex(32)}`, message: QUESTIONS[i % QUESTIONS.length], lang: 'en', message_id: `m_${hex(24)}` };
  const { sent, first, done, retried } = await streamOnce(api, body);
  return { first: (first ?? done) - sent, retried };
}

/** Holds `streams` visitors streaming for `seconds`. */
export async function sustainedStreams(api, token, { streams = 300, seconds = 120, pgid } = {}) {
  const memoryStart = workerdMemory(pgid);
  const firsts = [];
  const errors = {};
  let requests = 0;
  let retried = 0;
  let retriedQuestions = 0;
  let open = 0;
  let peak = 0;
  const until = Date.now() + seconds * 1000;
  const visitor = async (v) => {
    for (let i = v; Date.now() < until; i += streams) {
      requests += 1;
      open += 1;
      peak = Math.max(peak, open);
      try {
        const asked = await ask(api, token, i);
        firsts.push(asked.first);
        retried += asked.retried;
        retriedQuestions += asked.retried > 0 ? 1 : 0;
      } catch (e) {
        const kind = String(e.message ?? e).slice(0, 100);
        errors[kind] = (errors[kind] ?? 0) + 1;
      } finally {
        open -= 1;
      }
    }
  };
  await Promise.all(Array.from({ length: streams }, (_, v) => visitor(v)));
  return {
    streams,
    seconds,
    requests,
    errors: Object.values(errors).reduce((a, b) => a + b, 0),
    errorKinds: errors,
    retried,
    retriedQuestions,
    peakOpen: peak,
    firstP50: pct(firsts, 50),
    firstP99: pct(firsts, 99),
    memoryStart,
    memoryEnd: workerdMemory(pgid),
  };
}
