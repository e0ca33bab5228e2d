// Answer quality per language: for each question set of bench/quality/ (a shop, a clinic and a
// software product written in one language, half the questions answerable and half not), each
// site gets a bot on the extractive responder with its documents and the set's fallback, and
// every question goes to its site's bot (POST /api/v1/chat/stream) with the set's `lang`, as
// the widget sends it.
// An answerable question is right when the reply carries one of its expected facts, wrong
// otherwise (the fallback included); an unanswerable one is invented when the reply is not
// the fallback.
import { readdirSync, readFileSync } from 'node:fs';
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
    for (const token of bots.values()) chunks += (await admin.bot(token)).status.chunks;
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
