// Hostile text everywhere a bot owner, an operator or a visitor can put text — the bot's name,
// welcome, placeholder, starters, description and fallback, knowledge titles, URLs and content
// (quoted in replies and shown as sources), visitor messages, contact details, an image's file
// name, a rating comment, an operator's name, avatar, replies and proactive message — shown in
// the widget (both programs), the shared transcript and the console. Every payload calls
// `window.__xss`; it must never run, and no `javascript:` link, event-handler attribute, script
// or frame may come out of it. URL fields refuse what is not http(s) outright.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { Console } from '../support/console.mjs';
import { API, ADMIN_TOKEN, admin } from '../support/servers.mjs';
import { Operator, chatIdOf } from '../support/operator.mjs';

/** The corpus: markup, script, handlers, URLs with dangerous schemes, Markdown links and
 * images, entities, breaking out of attributes, style and script elements. */
const PAYLOADS = [
  `<img src=x onerror="__xss('img')">`,
  `<script>__xss('script')</script>`,
  `"><svg onload="__xss('svg')">`,
  `'><details open ontoggle=__xss('details')>`,
  `javascript:__xss('url')`,
  `[link](javascript:__xss('md-link'))`,
  `[case](JaVaScRiPt:__xss('md-case'))`,
  `<javascript:__xss('autolink')>`,
  `![img](x" onerror="__xss('md-img'))`,
  `[data](data:text/html,<script>parent.__xss('data')</script>)`,
  `&lt;img src=x onerror=__xss('entity')&gt; &#60;script&#62;__xss('num')&#60;/script&#62;`,
  `</style><img src=x onerror=__xss('style')>`,
  `</script><script>__xss('endscript')</script>`,
  `<a href="javascript:__xss('a')">click</a>`,
  `<iframe srcdoc="<script>parent.__xss('iframe')</script>"></iframe>`,
  `{{constructor.constructor('__xss("template")')()}}`,
];
const ALL = PAYLOADS.join('\n');
/** Fits `text` to `n` characters (fields have limits). */
const fit = (text, n) => [...text].slice(0, n).join('');
const NAME = `<img src=x onerror=__xss('name')>"'`; // 37 characters: bot and operator names

/** Records calls to `window.__xss` in every frame, before any page script runs. */
async function trap(context) {
  await context.addInitScript(() => {
    window.__xss = (x) => { (window.top.__xssCalls ||= []).push(String(x)); };
  });
}

/** What executed, and what looks dangerous in the DOM of `page` (its shadow roots and frames). */
async function findings(page) {
  const out = [];
  for (const frame of page.frames()) {
    out.push(...await frame.evaluate(() => {
      const bad = [];
      const walk = (root) => {
        for (const el of root.querySelectorAll('*')) {
          for (const a of el.attributes) {
            const value = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
            if (a.name.startsWith('on')) bad.push(`${el.tagName} ${a.name}=${a.value}`);
            if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name) && /^(javascript|vbscript|data:text)/.test(value)) {
              bad.push(`${el.tagName} ${a.name}=${a.value}`);
            }
            if (a.name === 'srcdoc') bad.push(`${el.tagName} srcdoc`);
          }
          if (el.tagName === 'SCRIPT' && el.textContent.includes('__xss')) bad.push('script element');
          if (['OBJECT', 'EMBED'].includes(el.tagName)) bad.push(el.tagName);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return [...bad, ...(window.__xssCalls || []).map((c) => `ran: ${c}`)];
    }).catch(() => []));
  }
  return out;
}

/** A raw call's status (for what must be refused). */
async function status(method, path, body) {
  const res = await fetch(API + path, {
    method, headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  return res.status;
}

/** A visitor-side call (no credentials). */
async function visitorCall(path, body) {
  const res = await fetch(API + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('hostile text never runs', () => {
  const browser = useBrowser();
  let token;
  let chat;
  let jane;

  before(async () => {
    ({ token } = await admin('POST', '/api/admin/bots', {
      bot_name: NAME,
      welcome: fit(ALL, 1000),
      placeholder: fit(PAYLOADS[2], 120),
      description: fit(ALL, 500),
      fallback: fit(ALL, 1000),
      displayConversationStarters: PAYLOADS.slice(0, 6).map((p) => fit(p, 80)),
      stream_pace_ms: 0,
      enableDisplayCitations: true,
      enableShareConversation: true,
      enableFileUpload: true,
      operators: { handoff: true },
    }));
    // Knowledge: hostile titles and URLs (they become sources) and content the reply quotes.
    for (const [i, p] of PAYLOADS.slice(0, 4).entries()) {
      await admin('POST', `/api/admin/bots/${token}/documents`, {
        title: p, url: `https://evil.test/${i}?'onmouseover='__xss(${i})'#javascript:__xss(${i})`, format: 'text',
        text: `Zebrafish care, part ${i}. Zebrafish need warm water.\n${ALL}`,
      });
    }
    jane = await Operator.signIn([token], NAME);
  });

  it('refuses URLs that are not http(s) wherever a URL is stored', async () => {
    for (const url of ['javascript:__xss(1)', 'JAVASCRIPT:__xss(1)', ' javascript:__xss(1)', 'data:text/html,<script>__xss(1)</script>', 'https://x.test/"onerror="__xss(1)']) {
      assert.equal(await status('PATCH', `/api/admin/bots/${token}`, { avatar_url: url }), 400, `avatar ${url}`);
      assert.equal(await status('PATCH', `/api/admin/bots/${token}`, { logo: url }), 400, `logo ${url}`);
      assert.equal(await status('POST', `/api/admin/bots/${token}/documents`, { title: 't', url, text: 'x' }), 400, `document ${url}`);
      assert.equal(await status('POST', '/api/admin/operators', { name: 'x', email: `x${Date.now()}@x.test`, password: 'correct horse battery', avatar: url }), 400, `operator avatar ${url}`);
    }
  });

  it('shows every payload as text in the widget, the transcript and the console', async () => {
    const context = await browser().newContext();
    await trap(context);
    const w = await WidgetPage.open(context, token);
    // The trap works: the same payload inserted as HTML runs and is found.
    await w.page.evaluate((html) => { document.body.insertAdjacentHTML('beforeend', `<div id="bait">${html}</div>`); }, PAYLOADS[0] + PAYLOADS[13]);
    await w.page.waitForFunction(() => window.__xssCalls?.length === 1);
    assert.deepEqual((await findings(w.page)).length, 3, 'an onerror, a javascript: link and a call');
    await w.page.evaluate(() => { document.getElementById('bait').remove(); window.__xssCalls = []; });

    await w.waitForLauncher();
    await w.openByClick();
    assert.equal(await w.page.getByTestId('bot-name').innerText(), NAME.trim());

    // The visitor's messages, a reply quoting hostile knowledge (with hostile sources), and the
    // fallback.
    await w.send(fit(`Zebrafish? ${PAYLOADS.slice(0, 4).join(' ')}`, 300));
    const reply = await w.lastReplyText();
    assert.match(reply, /<img src=x onerror=/, 'the reply quotes the markup as text');
    await w.page.getByTestId('sources').last().waitFor();
    await w.send(fit(PAYLOADS.slice(4).join(' '), 300));
    await w.lastReplyText();
    chat = await chatIdOf(w.page, token);

    // An image with a hostile file name; contact details and a rating comment.
    await w.page.getByTestId('file').setInputFiles({ name: `"><img src=x onerror=__xss('file')>.png`, mimeType: 'image/png', buffer: PNG });
    await w.page.waitForFunction(() => document.querySelector('porthole-widget').shadowRoot.querySelector('[data-testid=image]')?.src.startsWith('http'));
    const session = { site_key: token, session_id: chat };
    await visitorCall('/api/v1/chat/contact', { ...session, name: fit(ALL, 100), email: "x'onfocus=__xss`email`'autofocus@evil.test" });
    await visitorCall('/api/v1/chat/rate', { ...session, score: 2 });
    await visitorCall('/api/v1/chat/rate/comment', { ...session, comment: fit(ALL, 1000) });

    // An operator with a hostile name replies with hostile Markdown.
    await jane.act(token, chat, 'takeover');
    for (const p of [PAYLOADS.slice(0, 8).join('\n'), PAYLOADS.slice(8).join('\n')]) {
      await jane.act(token, chat, 'messages', { content: p });
    }
    await w.operatorMessages().nth(1).waitFor({ timeout: 8000 });
    assert.equal(await w.page.getByTestId('author-name').last().innerText(), NAME.trim());
    assert.match(await w.operatorMessages().first().innerText(), /<script>__xss\('script'\)<\/script>/);
    await w.screenshot('xss-widget');
    assert.deepEqual(await findings(w.page), [], 'the widget');

    // A proactive message beside the closed launcher (the launcher program draws it).
    await w.page.getByTestId('close').click();
    await jane.act(token, chat, 'proactive', { content: fit(ALL, 300) });
    await w.goto(token);
    await w.page.getByTestId('nudge').waitFor({ timeout: 10000 });
    assert.deepEqual(await findings(w.page), [], 'the launcher');

    // The shared transcript (a page the service renders).
    const { url } = await visitorCall('/api/v1/chat/share', session);
    await w.page.goto(url);
    assert.match(await w.page.locator('body').innerText(), /<img src=x onerror=/);
    assert.deepEqual(await findings(w.page), [], 'the transcript');
    assert.deepEqual(w.errors.filter((e) => !e.includes('Failed to load resource')), []);
    await context.close();
  });

  it('shows them as text in the console: bots, appearance preview, knowledge and inbox', async () => {
    // Without the console's own CSP, so that only its rendering stands between a payload and
    // the page.
    const context = await browser().newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
    await trap(context);
    const c = await Console.open(context);
    await c.signInAsOwner(ADMIN_TOKEN);
    await c.page.getByRole('link', { name: NAME.trim() }).first().waitFor();
    assert.deepEqual(await findings(c.page), [], 'the bots');

    await c.goto(`/console/bots/${token}`);
    await c.previewLauncher().waitFor();
    await c.page.frameLocator('[data-testid=preview]').getByTestId('bot-name').waitFor();
    assert.deepEqual(await findings(c.page), [], 'appearance and preview');

    await c.tab('knowledge');
    await c.documents().nth(3).waitFor();
    assert.deepEqual(await findings(c.page), [], 'knowledge');

    await c.goto(`/console/inbox/${token}/${chat}`);
    await c.testId('message-text').nth(4).waitFor();
    await c.testId('contact').waitFor();
    await c.testId('rating-comment').waitFor();
    assert.match(await c.testId('contact').innerText(), /<img src=x onerror=/);
    await c.page.screenshot({ path: new URL('../../artifacts/xss-console.png', import.meta.url).pathname, fullPage: true });
    assert.deepEqual(await findings(c.page), [], 'the conversation');
    await context.close();
  });
});
