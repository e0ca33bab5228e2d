// Answer quality through the real worker, two kinds of sets:
// - public (shared/eval/): a real product's help pages nobody here wrote, in one language, and
//   the TEST half of its visitor-worded questions (the dev half is read while tuning; this one
//   only ever runs here). Each set gets two bots on the extractive responder: one retrieving by
//   words and meaning (embeddings `auto`: the local model of EMBEDDINGS_URL), one by words alone
//   (`off`). Every question goes to POST /api/admin/bots/{token}/test-question, which runs the
//   same retrieval and responder as a visitor's turn and also returns the passages retrieved.
// - own (bench/quality/): a shop, a clinic and a software product per language, written here
//   with the first responder; each site gets a bot with embeddings on, and every question goes to
//   POST /api/v1/chat/stream with the set's `lang`, as the widget sends it.
// An answerable question is right when the reply carries one of its expected facts, wrong when
// the reply is not the fallback but carries none (a confident wrong answer), fell back
// otherwise; an unanswerable one is invented when the reply is not the fallback. Recall@1 and
// @5: the first passage, or one of the first five, holds an expected fact (what an LLM responder
// would be given). Questions asked in another language than the knowledge's are counted apart.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const ORDER = ['en', 'zh-TW', 'zh-CN', 'zh-mixed', 'es', 'fr', 'de'];

/** The reply to `message`: the stream's chunks joined. */
async function ask(api, token, message, lang) {
  const res = await fetch(`${api}/api/v1/chat/stream`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site_key: token, message, lang }),
  });
  if (!res.ok) throw new Error(`stream: ${res.status} ${await res.text()}`);
  let reply = '';
  for (const line of (await res.text()).split('\n')) {
    if (!line.startsWith('data:')) continue;
    const event = JSON.parse(line.slice(5));
    if (event.type === 'chunk') reply += event.content;
    if (event.type === 'error') throw new Error(`stream error: ${JSON.stringify(event)}`);
  }
  return reply;
}

/** Waits until every chunk of the bot's knowledge has its vector (or gives up after 10 min). */
export async function embedded(admin, token) {
  for (let i = 0; i < 1200; i++) {
    const { status } = await admin.bot(token);
    const r = status.retrieval;
    if (r.error) throw new Error(`embedding failed: ${r.error}`);
    if (r.embedded >= status.chunks && status.chunks > 0) return status;
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error('the knowledge was not embedded within 10 minutes');
}

function tally() {
  return { answerable: 0, right: 0, wrong: 0, fellBack: 0, unanswerable: 0, invented: 0, recall1: 0, recall5: 0 };
}

/** A public set's test half against one bot. */
async function runPublic(api, admin, set, questions, embeddings) {
  const token = await admin.createBot({
    stream_pace_ms: 0,
    fallback: set.fallback,
    ai: { embeddings: { provider: embeddings ? 'auto' : 'off' } },
  });
  for (const d of set.documents) {
    await admin.addDocument(token, { title: d.title, url: d.url, format: d.format ?? 'markdown', text: d.text });
  }
  const status = embeddings ? await embedded(admin, token) : (await admin.bot(token)).status;
  const own = tally();
  const cross = tally();
  const misses = [];
  for (const q of questions) {
    const answer = await admin.testQuestion(token, { question: q.q, lang: q.lang ?? set.lang });
    const t = q.lang && q.lang !== set.lang ? cross : own;
    const holds = (text) => (q.expect ?? []).some((fact) => text.includes(fact));
    if (q.unanswerable) {
      t.unanswerable += 1;
      if (!answer.fell_back) t.invented += 1;
      continue;
    }
    t.answerable += 1;
    const rank = answer.passages.findIndex((p) => holds(p.text));
    if (rank === 0) t.recall1 += 1;
    if (rank >= 0 && rank < 5) t.recall5 += 1;
    if (answer.fell_back) { t.fellBack += 1; misses.push({ q: q.q, kind: 'fell back' }); }
    else if (holds(answer.reply)) t.right += 1;
    else { t.wrong += 1; misses.push({ q: q.q, kind: 'wrong' }); }
  }
  return { chunks: status.chunks, retrieval: status.retrieval.mode, own, cross, misses: misses.length };
}

/** Every public set's test half, by words alone and with embeddings. */
export async function publicQuality(api, admin, dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    if (!existsSync(join(dir, name, 'knowledge.json'))) continue;
    const set = JSON.parse(readFileSync(join(dir, name, 'knowledge.json'), 'utf8'));
    const { questions } = JSON.parse(readFileSync(join(dir, name, 'test.json'), 'utf8'));
    const words = await runPublic(api, admin, set, questions, false);
    const meaning = await runPublic(api, admin, set, questions, true);
    out.push({ set: name, lang: set.lang, questions: questions.length, words, meaning });
  }
  return out;
}

/** The own sets (bench/quality/), with embeddings on. */
export async function answerQuality(api, admin, dir) {
  const names = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  names.sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));
  const out = [];
  for (const name of names) {
    const set = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
    // One bot per site (the host of its documents' URLs), as each site installs its own.
    const bots = new Map();
    for (const d of set.documents) {
      const site = new URL(d.url).host;
      if (!bots.has(site)) bots.set(site, await admin.createBot({ stream_pace_ms: 0, fallback: set.fallback }));
      await admin.addDocument(bots.get(site), { title: d.title, url: d.url, format: d.format, text: d.text });
    }
    let chunks = 0;
    for (const token of bots.values()) chunks += (await embedded(admin, token)).chunks;
    const r = { set: name, lang: set.lang, chunks, answerable: 0, right: 0, wrong: 0, unanswerable: 0, invented: 0, misses: [] };
    for (const q of set.questions) {
      // A question of no site's (the weather, a poem) is asked of every bot: any reply but
      // the fallback is invented.
      const asked = q.site ? [bots.get(q.site)] : [...bots.values()];
      let reply = set.fallback.trim();
      for (const token of asked) {
        const got = (await ask(api, token, q.q, set.lang)).trim();
        if (got !== set.fallback.trim()) { reply = got; break; }
      }
      const fellBack = reply === set.fallback.trim();
      if (q.unanswerable) {
        r.unanswerable += 1;
        if (!fellBack) { r.invented += 1; r.misses.push({ q: q.q, reply, kind: 'invented' }); }
      } else {
        r.answerable += 1;
        if (q.expect.some((fact) => reply.includes(fact))) r.right += 1;
        else { r.wrong += 1; r.misses.push({ q: q.q, expect: q.expect, reply, kind: fellBack ? 'fell back' : 'wrong' }); }
      }
    }
    out.push(r);
  }
  return out;
}
