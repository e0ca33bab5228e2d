// The results as one Markdown document: printed, and written to bench/results/latest.md.
import { FLOOR } from './edge.mjs';
import { kb } from './sizes.mjs';

const ms = (v) => (v === null || v === undefined ? '–' : `${Math.round(v)} ms`);
const mb = (v) => (v === null || v === undefined ? '–' : `${(v / 1048576).toFixed(2)} MB`);
const withRange = (stat, f) => (stat.median === null ? 'not seen' : `${f(stat.median)} (${f(stat.range[0])}–${f(stat.range[1])})`);
const table = (head, rows) => [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const NAMES = { none: 'no widget', porthole: '**Porthole**', flowise: 'Flowise embed', typebot: 'Typebot', n8n: 'n8n chat', botpress: 'Botpress webchat' };

export function report(r) {
  const out = [];
  out.push('# Porthole benchmarks', '');
  out.push(`${r.meta.date} · ${r.meta.cpu} (${r.meta.cores} cores) · Node ${r.meta.node} · ${r.meta.chromium} · wrangler ${r.meta.wrangler}`, '');
  if (r.meta.packages) out.push(`Measured: ${Object.entries(r.meta.packages).map(([n, v]) => `${n} ${v}`).join(' · ')}`, '');
  out.push('How each figure is taken: bench/README.md. Nothing here is a pass/fail threshold.', '');
  if (r.meta.partial) out.push(partialLine(r.meta.partial), '');

  if (r.weight) weight(out, r);
  if (r.host) host(out, r);
  if (r.click) click(out, r);
  if (r.edge) edge(out, r);
  if (r.streaming) streaming(out, r);
  if (r.retrieval) retrieval(out, r);
  if (r.load) load(out, r);
  if (r.worker) worker(out, r);
  if (r.publicQuality) publicQuality(out, r);
  if (r.quality) quality(out, r);
  if (r.live) live(out, r);
  if (r.console) consoleFigures(out, r);
  if (r.hub) hub(out, r);
  if (r.crawl) crawl(out, r);
  return out.join('\n');
}

function weight(out, r) {
  const ours = r.weight.porthole.before.brotli;
  out.push('## 1. Widget weight', '');
  out.push('Everything the host page fetches for the widget before the first click, and in all once the panel is open (KB).', '');
  out.push(table(['widget', 'before click raw', 'gzip', 'brotli', 'with panel open raw', 'gzip', 'brotli', 'brotli before click vs Porthole'],
    Object.entries(r.weight).map(([w, x]) => [NAMES[w], kb(x.before.raw), kb(x.before.gzip), kb(x.before.brotli),
      kb(x.opened.raw), kb(x.opened.gzip), kb(x.opened.brotli), w === 'porthole' ? '1×' : `${(x.before.brotli / ours).toFixed(1)}×`])));
  out.push('', `Botpress: ${r.weight.botpress.note}.`, '');
  out.push('Porthole files:', '', ...r.weight.porthole.files.map((f) => `- ${f.path} (${f.phase === 'before' ? 'before click' : 'on opening'}): ${kb(f.raw)} KB raw, ${kb(f.brotli)} KB brotli`), '');

}

function host(out, r) {
  out.push('## 2. Host-page cost in Chromium', '');
  for (const [speed, variants] of Object.entries(r.host)) {
    out.push(`### CPU ${speed === '1x' ? 'at normal speed' : `slowed ${speed.replace('x', '×')}`} — median (min–max) of ${variants.none.runs} cold loads`, '');
    const base = variants.none;
    out.push(table(['page', 'launcher visible', 'launcher opaque', 'total blocking time', 'JS heap at load + 5 s', 'wasm memory', 'heap vs no widget', 'TBT vs no widget'],
      Object.entries(variants).map(([w, v]) => [NAMES[w], w === 'none' ? '–' : withRange(v.visible, ms), w === 'none' ? '–' : withRange(v.opaque, ms),
        withRange(v.tbt, ms), withRange(v.heap, mb), v.wasm.median ? mb(v.wasm.median) : '–',
        w === 'none' ? '–' : `+${mb(v.heap.median - base.heap.median)}`, w === 'none' ? '–' : `+${ms(v.tbt.median - base.tbt.median)}`])));
    out.push('');
  }
  out.push('### Lighthouse (performance)', '');
  out.push(table(['page', 'mobile score', 'mobile TBT', 'desktop score', 'desktop TBT'],
    Object.entries(r.lighthouse).map(([w, x]) => [NAMES[w], x.mobile.score, ms(x.mobile.tbt), x.desktop.score, ms(x.desktop.tbt)])));
  out.push('');

}

function click(out, r) {
  out.push('## 2b. Click to a usable panel (Fast 4G)', '');
  out.push("From the first click on the launcher to the panel's composer accepting keys. Cold: no hover before the click; warm: the pointer rested on the launcher and the network went quiet first. Median (min–max); a load whose composer never came is counted apart.", '');
  const speeds = Object.entries(r.click);
  const cell = (s) => withRange(s, ms) + (s.failed ? ` (${s.failed} never)` : '');
  out.push(table(['widget', ...speeds.flatMap(([speed]) => [`cold, CPU ${speed.replace('x', '×')}`, `warm, CPU ${speed.replace('x', '×')}`])],
    Object.keys(speeds[0][1]).map((w) => [NAMES[w], ...speeds.flatMap(([, v]) => [cell(v[w].cold), cell(v[w].warm)])])));
  out.push('');
}

function edge(out, r) {
  out.push('## 3. Edge throughput (wrangler dev on loopback, wrk)', '');
  const baseline = r.edge[0].rps;
  // The floor measured in the same run (bench/README.md §3); none in runs from before it.
  const floor = r.edge.find((e) => e.name === FLOOR)?.rps;
  const share = (e) => (floor && e.name.startsWith('POST /api/widget/message') ? `${(e.rps / floor).toFixed(2)}×` : '');
  const cpu = (e) => (e.cpuMs == null ? '' : `${e.cpuMs.toFixed(2)} ms`);
  out.push(table(['request', 'requests/s', 'p50', 'p99', 'vs static asset', 'vs the floor', 'workerd CPU per request', 'non-2xx'],
    r.edge.map((e) => [e.name, Math.round(e.rps), `${e.p50?.toFixed(2)} ms`, `${e.p99?.toFixed(2)} ms`, `${(e.rps / baseline).toFixed(2)}×`, share(e), cpu(e), e.non2xx])));
  out.push('');

}

function streaming(out, r) {
  const s = r.streaming;
  out.push('## 4. Streaming overhead', '');
  out.push(`Fake OpenAI-compatible upstream (\`${s.model}\`), median of ${s.runs} questions.`, '');
  out.push(table(['', 'upstream', 'client', 'added by Porthole'], [
    ['request reaches the upstream', '–', '–', ms(s.request)],
    ['first chunk (from request)', ms(s.upstreamFirst), ms(s.clientFirst), ms(s.first)],
    ['done (from request)', ms(s.upstreamTotal), ms(s.clientTotal), ms(s.done)],
  ]));
  out.push('');

}

function retrieval(out, r) {
  out.push('## 5. Retrieval scaling (extractive responder)', '');
  out.push('A reply by words alone, and by words and meaning (the question embedded by the local model, then compared with every chunk\'s vector in the isolate); the difference is what embeddings add to a turn.', '');
  out.push(table(['knowledge chunks', 'words: reply p50', 'p95', '+ meaning: reply p50', 'p95', 'added (p50)', 'embedding the knowledge took'],
    r.retrieval.map((x) => [x.chunks, ms(x.p50), ms(x.p95), ms(x.meaningP50), ms(x.meaningP95),
      x.meaningP50 === undefined ? '–' : ms(x.meaningP50 - x.p50), x.embedSeconds === undefined ? '–' : `${Math.round(x.embedSeconds)} s`])));
  out.push('');

}

function load(out, r) {
  const l = r.load;
  out.push('## 6. Sustained load (extractive responder, 30 ms pace)', '');
  out.push(`${l.streams} visitors stream at once for ${l.seconds} s, each asking again as soon as its reply is done.`, '');
  out.push(table(['streamed replies', 'errors', 'sent again after a 503', 'first chunk p50', 'first chunk p99', 'streams open at once (peak)', 'workerd memory at start', 'at end'], [[
    l.requests, l.errors === 0 ? '0' : `${l.errors} (${Object.entries(l.errorKinds).map(([k, n]) => `${k}: ${n}`).join(', ')})`,
    l.retried === undefined ? '–' : `${l.retriedQuestions} questions (${l.retried} sends)`, ms(l.firstP50), ms(l.firstP99), l.peakOpen, l.memoryStart === null ? '–' : `${l.memoryStart.toFixed(0)} MB`, l.memoryEnd === null ? '–' : `${l.memoryEnd.toFixed(0)} MB`,
  ]]));
  out.push('');
}

function worker(out, r) {
  const w = r.worker;
  out.push('## 7. The worker', '');
  out.push(table(['', 'raw', 'gzip', 'Workers limit (compressed)'], [
    ['worker wasm', `${kb(w.size.wasm.raw)} KB`, `${kb(w.size.wasm.gzip)} KB`, `${(w.size.wasm.gzip / w.size.limits.free * 100).toFixed(0)}% of 3 MB (free), ${(w.size.wasm.gzip / w.size.limits.paid * 100).toFixed(0)}% of 10 MB (paid)`],
    ['worker JS glue', `${kb(w.size.js.raw)} KB`, `${kb(w.size.js.gzip)} KB`, ''],
  ]));
  out.push('', `Cold start of \`wrangler dev\` (median of ${w.cold.runs}): first 200 for a static asset after ${ms(w.cold.asset)}, for an API call after ${ms(w.cold.api)}.`, '');
}

const pct = (n, d) => (d === 0 ? '–' : `${Math.round((n / d) * 100)}%`);

function publicQuality(out, r) {
  out.push('## 8. Answer quality on knowledge nobody here wrote (extractive responder)', '');
  out.push('Each set: a real product\'s help pages in one language (shared/eval/README.md), and the test half of its visitor-worded questions, ' +
    'never read while tuning. Two bots per set: by words alone, and by words and meaning (the local multilingual-e5-small). ' +
    'Right: the reply carries an expected fact (% of answerable). Wrong: a reply that does not (% of all questions). ' +
    'Invented: a reply to a question the pages do not answer (% of unanswerable). Recall: the first passage, or one of the first five, ' +
    'holds an expected fact (what an LLM would be given). Goal: 85 % right, 3 % wrong, 3 % invented, recall@1 90 %, @5 97 % (bench/README.md §8 says where the ceiling is).', '');
  const row = (label, t) => [label, `${t.right}/${t.answerable} (${pct(t.right, t.answerable)})`,
    `${t.wrong} (${pct(t.wrong, t.answerable + t.unanswerable)})`, `${t.fellBack}`,
    t.unanswerable ? `${t.invented}/${t.unanswerable} (${pct(t.invented, t.unanswerable)})` : '–', pct(t.recall1, t.answerable), pct(t.recall5, t.answerable)];
  const rows = [];
  const sum = (list, key) => list.reduce((a, t) => { for (const k of Object.keys(t)) a[k] = (a[k] ?? 0) + t[k]; return a; }, {});
  const byLang = new Map();
  for (const q of r.publicQuality) {
    rows.push(row(`${q.set} (${q.lang}), words`, q.words.own));
    rows.push(row(`${q.set} (${q.lang}), **+ meaning**`, q.meaning.own));
    if (q.meaning.cross.answerable) {
      rows.push(row(`${q.set}, asked in other languages, words`, q.words.cross));
      rows.push(row(`${q.set}, asked in other languages, **+ meaning**`, q.meaning.cross));
    }
    const l = byLang.get(q.lang) ?? { words: [], meaning: [] };
    l.words.push(q.words.own); l.meaning.push(q.meaning.own); byLang.set(q.lang, l);
  }
  out.push(table(['set', 'right', 'wrong', 'fell back', 'invented', 'recall@1', 'recall@5'], rows), '');
  out.push('Per language (both sets together):', '');
  out.push(table(['language', 'right', 'wrong', 'fell back', 'invented', 'recall@1', 'recall@5'],
    [...byLang.entries()].flatMap(([lang, l]) => [row(`${lang}, words`, sum(l.words)), row(`${lang}, **+ meaning**`, sum(l.meaning))])), '');
}

function quality(out, r) {
  out.push('### Own sets (bench/quality/), with embeddings', '');
  out.push('Each set: a shop, a clinic and a software product in one language, half the questions answerable, written here with the first responder ' +
    '(and its word lists); kept to see that small businesses\' knowledge stays well served. ' +
    'Right: the reply carries an expected fact. Wrong: it does not (the fallback included). ' +
    'Invented: a reply other than the fallback to a question the knowledge does not answer.', '');
  out.push(table(['set', 'widget lang', 'chunks', 'right', 'wrong', 'invented', 'right %'],
    r.quality.map((q) => [q.set, q.lang, q.chunks, `${q.right}/${q.answerable}`, q.wrong, `${q.invented}/${q.unanswerable}`, pct(q.right, q.answerable)])));
  out.push('');
}

function live(out, r) {
  const row = (name, x) => [name, ms(x.median), ms(x.p95), `${ms(x.min)}–${ms(x.max)}`, x.samples];
  out.push('## 9. Live: a person and the visitor', '');
  out.push("From the sender's request to the message in front of the other side.", '');
  out.push(table(['', 'median', 'p95', 'min–max', 'samples'], [
    row('operator message → shown in the visitor\'s open widget', r.live.widget),
    row('visitor message → `message:new` on the tenant WebSocket', r.live.socket),
  ]));
  if (r.live.widget.takeover !== undefined) out.push('', `The takeover itself showed in the widget after ${ms(r.live.widget.takeover)} (its next poll while the AI answers, every 3 s); the samples start after it.`);
  out.push('');
}

function consoleFigures(out, r) {
  const c = r.console;
  out.push('## 10. The console', '');
  out.push(table(['file', 'raw', 'gzip', 'brotli'], [
    ...c.weight.files.map((f) => [f.path, `${kb(f.raw)} KB`, `${kb(f.gzip)} KB`, `${kb(f.brotli)} KB`]),
    ['**all**', `${kb(c.weight.total.raw)} KB`, `${kb(c.weight.total.gzip)} KB`, `${kb(c.weight.total.brotli)} KB`],
  ]));
  const cold = (x) => `${ms(x.median)} (${ms(x.min)}–${ms(x.max)})`;
  out.push('', `Cold start in Chromium, HTTP cache off, navigation start to the sign-in form: ${cold(c.cold.cpu1x)} at normal CPU speed, ${cold(c.cold.cpu4x)} slowed 4×.`, '');
}

function hub(out, r) {
  const h = r.hub;
  const rate = (x) => `${Math.round(x)}`;
  out.push('## 11. The hub under load', '');
  out.push(`wrk (${h.connections} connections, ${h.seconds} s) sends the hub announcement batches as conversations' outboxes do (${h.flushes.map((f) => f.join(' + ')).join(', then ')}), while ${h.sockets} dashboards listen on tenant sockets.`, '');
  out.push(table(['batches', 'batches/s', 'events/s', 'p50', 'p99', 'non-2xx'], [
    ['a new conversation\'s each time (taken, indexed, counted, stored, sent)', rate(h.fresh.rps), rate(h.fresh.events), ms(h.fresh.p50), ms(h.fresh.p99), h.fresh.non2xx],
    ['the same batch again (already taken: the floor)', rate(h.repeat.rps), '–', ms(h.repeat.p50), ms(h.repeat.p99), h.repeat.non2xx],
  ]));
  const own = 1000 / h.fresh.rps - 1000 / h.repeat.rps;
  out.push('', `Taking a batch costs the hub ${own.toFixed(2)} ms beyond receiving it. ` +
    // wrk counts only the requests answered before it stops; the few still in flight were
    // taken too, so a socket can receive more events than the answered batches carried.
    (h.delivered >= h.expected
      ? `Each socket received every one of the ${h.expected} events the answered batches carried (${h.delivered} in all, with the batches still in flight when wrk stopped)`
      : `Each socket received only ${h.delivered} of the ${h.expected} events the answered batches carried`) +
    `${h.inOrder ? ', in order, without a gap' : ' (**out of order or with a gap**)'}, ` +
    `and ${h.sentAgain ?? '–'} of the repeated conversation's (its batches hold two new events; repeats send none). ` +
    `A bot at 1,000 messages a second sends 2,000 batches a second (docs/scale.md): ${(2 * own).toFixed(1)} s of the hub's work each second, ` +
    `${(own / 2).toFixed(2)} s for each of four hubs.`, '');
}

/** Which groups this partial run measured, and when the others were. */
function partialLine(partial) {
  const byDate = {};
  for (const [group, date] of Object.entries(partial.taken ?? {})) (byDate[date ?? 'an earlier run'] ||= []).push(group);
  const dates = Object.keys(byDate).sort();
  const others = dates.length === 0
    ? `the other sections are from the report of ${partial.previous ?? 'an earlier run'}`
    : 'the others were measured ' + dates.map((d) => `on ${d} (${byDate[d].join(', ')})`).join(' and ');
  return `This run measured ${partial.groups.join(', ')}; ${others}.`;
}

function crawl(out, r) {
  const c = r.crawl;
  out.push('## 12. Website import', '');
  out.push(`A generated site of ${c.pages} pages on loopback (a sitemap, an index page linking every page, ETags), embeddings off.`, '');
  out.push(table(['run', 'pages kept', 'time', 'pages per minute', 'requests to the site', 'answered 304', 'pages re-indexed'], [
    ['import', c.import.kept, `${(c.import.ms / 1000).toFixed(1)} s`, Math.round(c.import.perMinute), c.import.requests, '–', c.import.kept],
    ['re-sync, nothing changed', c.sync.unchanged, `${(c.sync.ms / 1000).toFixed(1)} s`, Math.round(c.sync.unchanged / (c.sync.ms / 60000)), c.sync.requests, c.sync.notModified, c.sync.reindexed],
  ]));
  out.push('');
}
