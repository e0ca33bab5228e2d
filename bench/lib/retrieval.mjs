// Retrieval scaling: reply latency of the extractive responder (no pacing) with a knowledge
// base of 100, 1,000 and 10,000 chunks, each chunk one section of a synthetic catalogue, by
// words alone (embeddings off) and by words and meaning (the local model: each question is
// embedded, then compared with every chunk's vector). The difference is what embeddings add
// to a turn.
import { embedded } from './quality.mjs';

const WORDS = ('arabica robusta bourbon typica geisha caturra catuai pacamara maragogype sumatra kenya ethiopia ' +
  'colombia brazil guatemala honduras rwanda burundi yemen panama washed natural honey anaerobic carbonic ' +
  'jasmine bergamot cherry plum cocoa caramel hazelnut almond molasses citrus lime grapefruit peach apricot').split(' ');

function section(i) {
  const w = (k) => WORDS[(i * 7 + k * 13) % WORDS.length];
  return `## Lot ${i}\nLot ${i} is a ${w(0)} ${w(1)} from farm ${i}, processed ${w(2)}, with notes of ${w(3)}, ${w(4)} and ${w(5)}. ` +
    `It is roasted medium and ships in 250 g bags. Growers at farm ${i} pick it by hand at ${1200 + (i % 900)} metres.`;
}

/** A bot with `size` catalogue sections, embeddings `provider`. */
async function catalogue(admin, size, provider) {
  const token = await admin.createBot({ stream_pace_ms: 0, ai: { embeddings: { provider } } });
  const perDoc = 200;
  for (let start = 0; start < size; start += perDoc) {
    const text = Array.from({ length: Math.min(perDoc, size - start) }, (_, k) => section(start + k)).join('\n\n');
    await admin.addDocument(token, { title: `Catalogue ${start}`, url: `https://bench.example/c${start}`, text });
  }
  return token;
}

/** p50 and p95 of `questions` replies (after three warm-ups), each about another lot. */
async function latencies(api, token, size, questions, offset) {
  const times = [];
  for (let q = 0; q < questions + 3; q++) {
    const lot = (q * 37 + offset) % size;
    const t = performance.now();
    const res = await fetch(`${api}/api/widget/message`, {
      method: 'POST', body: JSON.stringify({ token, message: `What notes does lot ${lot} have?` }),
    });
    const body = await res.json();
    if (q >= 3) times.push(performance.now() - t);
    if (q === 3 && !String(body.reply).includes(`farm ${lot}`)) throw new Error(`lot ${lot} not found: ${body.reply}`);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)] };
}

export async function retrievalScaling(api, admin, { sizes = [100, 1000, 10000], meaningUpTo = 1000, questions = 30 } = {}) {
  const out = [];
  for (const size of sizes) {
    const words = await catalogue(admin, size, 'off');
    const byWords = await latencies(api, words, size, questions, 0);
    // Embedding 10,000 chunks takes the local model about 25 minutes on this machine's two
    // cores (7 chunks a second): past `meaningUpTo`, by words alone (bench/README.md §5).
    if (size > meaningUpTo) {
      out.push({ chunks: size, p50: byWords.p50, p95: byWords.p95 });
      continue;
    }
    const meaning = await catalogue(admin, size, 'auto');
    const started = performance.now();
    const status = await embedded(admin, meaning);
    const embedSeconds = (performance.now() - started) / 1000;
    // Other lots than the words' bot was asked (a question's vector is kept by the isolate).
    const byMeaning = await latencies(api, meaning, size, questions, 11);
    out.push({ chunks: status.chunks, p50: byWords.p50, p95: byWords.p95, meaningP50: byMeaning.p50, meaningP95: byMeaning.p95, embedSeconds });
  }
  return out;
}
