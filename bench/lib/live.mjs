// Live figures: a person's message until it shows in the visitor's open widget (Chromium,
// the widget as shipped), and a visitor's message until it reaches a dashboard's tenant
// WebSocket. Both against wrangler dev, an operator signed in through the dashboard API.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (list, p) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const summary = (samples) => ({ samples: samples.length, median: pct(samples, 50), p95: pct(samples, 95), min: Math.min(...samples), max: Math.max(...samples) });

/** An operator of `bots`, signed in: `{ jwt, act(token, chat, action, body) }`. */
export async function signInOperator(api, adminToken, bots) {
  const email = `bench-${Date.now()}@example.test`;
  const password = 'correct horse battery';
  const created = await fetch(`${api}/api/admin/operators`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Bench', email, password, bots }),
  });
  if (!created.ok) throw new Error(`creating an operator: ${created.status} ${await created.text()}`);
  const login = await fetch(`${api}/api/auth/login`, { method: 'POST', body: JSON.stringify({ email, password }) });
  if (!login.ok) throw new Error(`login: ${login.status}`);
  const { token: jwt } = await login.json();
  const act = async (token, chat, action, body = {}) => {
    const res = await fetch(`${api}/api/admin/bots/${token}/conversations/${chat}/${action}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${action}: ${res.status} ${await res.text()}`);
  };
  return { jwt, act };
}

/**
 * A visitor opens the panel on the host site and asks a question; the operator takes the
 * conversation over (`takeover`: until the widget shows it) and sends `samples` messages, each
 * at a random moment. Each sample is the
 * time from the operator's request to the message's element appearing in the widget's shadow
 * root (a MutationObserver notes it; page and bench share the machine's clock).
 */
export async function operatorToWidget(browser, origin, operator, token, { samples = 12 } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/article?widget=porthole`);
  await page.getByTestId('launcher').click();
  await page.getByTestId('input').fill('What are your opening hours?');
  await page.getByTestId('input').press('Enter');
  await page.locator('[data-testid="message"][data-role="assistant"]').first().waitFor();
  const chat = await page.evaluate((t) => localStorage.getItem(`porthole:${t}:chat`), token);
  await operator.act(token, chat, 'takeover');
  // The widget learns of the takeover at its next poll (every 3 s while the AI answers); the
  // samples start once it shows that a person answers.
  const takenOver = Date.now();
  await page.getByTestId('talking-to-person').waitFor({ timeout: 20000 });
  const takeover = Date.now() - takenOver;
  await page.evaluate(() => {
    window.__seen = {};
    const root = document.querySelector('porthole-widget').shadowRoot;
    const note = () => {
      for (const el of root.querySelectorAll('[data-testid="message"][data-role="operator"]')) {
        const text = el.textContent;
        if (!(text in window.__seen)) window.__seen[text] = Date.now();
      }
    };
    new MutationObserver(note).observe(root, { subtree: true, childList: true, characterData: true });
  });
  const latencies = [];
  for (let i = 0; i < samples; i++) {
    await sleep(Math.random() * 3000);
    const content = `Note ${i} from the team`;
    const sent = Date.now();
    await operator.act(token, chat, 'messages', { content });
    const seen = await page.waitForFunction(
      (c) => Object.entries(window.__seen).find(([text]) => text.includes(c))?.[1],
      content,
      { timeout: 20000, polling: 50 },
    );
    latencies.push((await seen.jsonValue()) - sent);
  }
  await context.close();
  return { ...summary(latencies), takeover };
}

/**
 * A dashboard's tenant socket (`/api/ws/tenant`) signed in with `jwt`; resolves once the server
 * said `auth:ok`. `onEvent(message, text)` gets every server message after that, parsed and as
 * it came.
 */
export async function tenantSocket(api, jwt, onEvent) {
  if (typeof WebSocket === 'undefined') throw new Error('no WebSocket in this Node: run it with --experimental-websocket');
  const ws = new WebSocket(`${api.replace(/^http/, 'ws')}/api/ws/tenant`);
  let authed;
  const ready = new Promise((r) => (authed = r));
  ws.addEventListener('message', (e) => {
    const msg = JSON.parse(e.data);
    if (msg.type === 'auth:ok') authed();
    else onEvent(msg, e.data);
  });
  await new Promise((r, j) => { ws.addEventListener('open', r); ws.addEventListener('error', j); });
  ws.send(JSON.stringify({ type: 'auth', token: jwt }));
  await ready;
  return ws;
}

/**
 * A dashboard's tenant socket, authenticated as the operator; a visitor's conversation that
 * the operator answers (so no AI reply runs). Each sample: from sending a visitor message to
 * its `message:new` event on the socket.
 */
export async function tenantSocketLatency(api, operator, token, { samples = 20 } = {}) {
  const chat = `web_${'b'.repeat(32)}`;
  const visitor = (message) => fetch(`${api}/api/widget/message`, {
    method: 'POST', body: JSON.stringify({ token, message, chat_id: chat }),
  }).then((r) => { if (!r.ok) throw new Error(`message: ${r.status}`); });
  await visitor('Hello, is anyone there?');
  await operator.act(token, chat, 'takeover');
  const waiting = new Map();
  const ws = await tenantSocket(api, operator.jwt, (msg, text) => {
    if (msg.type !== 'message:new') return;
    for (const [content, done] of waiting) if (text.includes(content)) { waiting.delete(content); done(Date.now()); }
  });
  const latencies = [];
  for (let i = 0; i < samples; i++) {
    await sleep(100 + Math.random() * 400);
    const content = `Visitor line ${i} ${Math.random().toString(36).slice(2, 8)}`;
    const arrived = new Promise((r) => waiting.set(content, r));
    const sent = Date.now();
    await visitor(content);
    const timeout = sleep(10000).then(() => { throw new Error(`no message:new for "${content}" within 10 s`); });
    latencies.push((await Promise.race([arrived, timeout])) - sent);
  }
  ws.close();
  return summary(latencies);
}
