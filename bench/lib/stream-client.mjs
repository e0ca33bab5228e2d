// One question to `POST /api/v1/chat/stream`, read to its end, as the groups that stream use
// it: when it was sent, when the first chunk arrived (null if none did) and when `done` did,
// in epoch ms. Throws on a non-200, an `error` frame, or a stream that ends without `done`.
export async function streamOnce(api, body) {
  const sent = Date.now();
  const res = await fetch(`${api}/api/v1/chat/stream`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`status ${res.status}`);
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
    if (buffer.includes('"type":"done"')) return { sent, first, done: Date.now() };
  }
  throw new Error('stream ended without done');
}
