// Retrieval scaling: reply latency of the extractive responder (no pacing) with a knowledge
// base of 100, 1,000 and 10,000 chunks, each chunk one section of a synthetic catalogue.
const WORDS = ('arabica robusta bourbon typica geisha caturra catuai pacamara maragogype sumatra kenya ethiopia ' +
  'colombia brazil guatemala honduras rwanda burundi yemen panama washed natural honey anaerobic carbonic ' +
  'jasmine bergamot cherry plum cocoa caramel hazelnut almond molasses citrus lime grapefruit peach apricot').split(' ');

function section(i) {
  const w = (k) => WORDS[(i * 7 + k * 13) % WORDS.length];
  return `## Lot ${i}\nLot ${i} is a ${w(0)} ${w(1)} from farm ${i}, processed ${w(2)}, with notes of ${w(3)}, ${w(4)} and ${w(5)}. ` +
    `It is roasted medium and ships in 250 g bags. Growers at farm ${i} pick it by hand at ${1200 + (i % 900)} metres.`;
}

export async function retrievalScaling(api, admin, { sizes = [100, 1000, 10000], questions = 30 } = {}) {
  const out = [];
  for (const size of sizes) {
    const token = await admin.createBot({ stream_pace_ms: 0 });
    const perDoc = 200;
    for (let start = 0; start < size; start += perDoc) {
      const text = Array.from({ length: Math.min(perDoc, size - start) }, (_, k) => section(start + k)).join('\n\n');
      await admin.addDocument(token, { title: `Catalogue ${start}`, url: `https://bench.example/c${start}`, text });
    }
    const { status } = await admin.bot(token);
    const latencies = [];
    for (let q = 0; q < questions + 3; q++) {
      const lot = (q * 37) % size;
      const t = performance.now();
      const res = await fetch(`${api}/api/widget/message`, {
        method: 'POST', body: JSON.stringify({ token, message: `What notes does lot ${lot} have?` }),
      });
      const body = await res.json();
      if (q >= 3) latencies.push(performance.now() - t);
      if (q === 3 && !String(body.reply).includes(`farm ${lot}`)) throw new Error(`lot ${lot} not found: ${body.reply}`);
    }
    latencies.sort((a, b) => a - b);
    out.push({ chunks: status.chunks, p50: latencies[Math.floor(latencies.length / 2)], p95: latencies[Math.floor(latencies.length * 0.95)] });
  }
  return out;
}
