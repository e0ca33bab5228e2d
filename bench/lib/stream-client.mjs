// One question to `POST /api/v1/chat/stream`, read to its end, as the groups that stream use
// it: when it was sent, when the first chunk arrived (null if none did) and when `done` did,
// in epoch ms, and how many times it was sent again. Like the widget, it sends the same
// question (same `message_id`, so the service runs and bills one turn) again after a 502, 503
// or 504, up to three times with a growing pause: local `wrangler dev`'s proxy answers 503
// ("Your worker restarted mid-request") when a connection to workerd drops under load, as a
// busy edge may. Throws on any other non-200, an `error` frame, a stream that ends without
// `done`, or a fourth transient refusal.
const TRANSIENT = new Set([502, 503, 504]);
const RETRIES = 3;

export async function streamOnce(api, body) {
  const sent = Date.now();
  let res;
  for (let retried = 0; ; retried += 1) {
    res = await fetch(`${api}/api/v1/chat/stream`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify(body),
    });
    if (res.status === 200 || !TRANSIENT.has(res.status) || retried === RETRIES) {
      if (res.status !== 200) {
        const text = await res.text().catch(() => '');
        throw new Error(`status ${res.status}: ${text.replace(/\s+/g, ' ').slice(0, 80)}`);
      }
      return read(res, sent, retried);
    }
    await res.text().catch(() => '');
    await new Promise((r) => setTimeout(r, (500 << retried) + Math.random() * 250));
  }
}

async function read(res, sent, retried) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let first = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    if (first === null && buffer.includes('"type":"chunk"')) first = Date.now();
    if (buffer.includes('"type":"error"')) throw new Error('error frame');
    if (buffer.includes('"type":"done"')) return { sent, first, done: Date.now(), retried };
  }
  throw new Error('stream ended without done');
}
