// Seed 004's options as a visitor meets them: a light/dark toggle (remembered), the logo and
// description in the header, a read-only link to share the conversation, a call button (the
// request recorded), and a microphone where the browser can recognize speech.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { admin, createDemoBot } from '../support/servers.mjs';
import { chatIdOf } from '../support/operator.mjs';

describe('the web chat options', () => {
  const browser = useBrowser();

  async function open(token, init) {
    const context = await browser().newContext();
    if (init) await context.addInitScript(init);
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.openByClick();
    return { context, w };
  }

  const rootClass = (w) => w.page.evaluate(() => document.querySelector('porthole-widget').shadowRoot.querySelector('[data-testid=porthole]').className);

  it('switches light and dark from the menu and remembers it', async () => {
    const token = await createDemoBot({ enableThemeModeToggle: true, defaultThemeMode: 'light', logo: 'https://cdn.example.test/logo.png', description: 'Coffee roasters since 1998' });
    const { context, w } = await open(token);
    assert.match(await rootClass(w), /ph-mode-light/);
    assert.equal(await w.page.getByTestId('description').innerText(), 'Coffee roasters since 1998');
    await w.page.getByTestId('menu').click();
    await w.page.getByTestId('theme-toggle').click();
    assert.match(await rootClass(w), /ph-mode-dark/);
    await w.screenshot('theme-toggled-dark');
    await w.goto(token);
    await w.panel.waitFor({ state: 'visible' });
    assert.match(await rootClass(w), /ph-mode-dark/, 'remembered on the next page');
    await context.close();
  });

  it('moves through the menu by keyboard and closes it with Escape', async () => {
    const token = await createDemoBot({ enableThemeModeToggle: true, enableShareConversation: true });
    const { context, w } = await open(token);
    await w.page.getByTestId('menu').focus();
    await w.page.keyboard.press('Enter');
    const focused = () => w.focusedTestId();
    assert.equal(await focused(), 'share');
    await w.page.keyboard.press('ArrowDown');
    assert.equal(await focused(), 'theme-toggle');
    await w.page.keyboard.press('Escape');
    assert.equal(await focused(), 'menu');
    assert.equal(await w.page.getByTestId('menu').getAttribute('aria-expanded'), 'false');
    await context.close();
  });

  it('shares a read-only copy of the conversation, escaped', async () => {
    const token = await createDemoBot({ stream_pace_ms: 0, enableShareConversation: true });
    const { context, w } = await open(token);
    await w.send('What are your opening hours?');
    await w.lastReplyText();
    await w.send('<img src=x onerror="window.pwned=1">');
    await w.lastReplyText();
    await w.page.getByTestId('menu').click();
    await w.page.getByTestId('share').click();
    const card = w.page.getByTestId('share-link');
    await card.waitFor();
    const url = await card.getByRole('link').getAttribute('href');
    assert.match(url, /\/share\/[0-9a-f]{32}$/);
    const page = await context.newPage();
    await page.goto(url);
    assert.match(await page.textContent('main'), /Monday to Friday: 7am to 6pm/);
    assert.match(await page.textContent('main'), /<img src=x onerror/);
    assert.equal(await page.evaluate(() => window.pwned), undefined, 'no markup ran');
    await page.screenshot({ path: 'tests/artifacts/shared-transcript.png' });
    await context.close();
  });

  it('offers a call to the bots number and records the request', async () => {
    const token = await createDemoBot({ stream_pace_ms: 0, phone_number: '+1 416 555 9999' });
    const { context, w } = await open(token);
    const call = w.page.getByTestId('call');
    assert.equal(await call.getAttribute('href'), 'tel:+14165559999');
    // The dialer itself is not opened here: only the click's recording is checked.
    await w.page.evaluate(() => {
      const a = document.querySelector('porthole-widget').shadowRoot.querySelector('[data-testid=call]');
      a.addEventListener('click', (e) => e.preventDefault());
    });
    const recorded = w.page.waitForResponse((r) => r.url().includes('/voice/start'));
    await call.click();
    const response = await recorded;
    assert.equal(response.status(), 200, await response.text());
    const chat = await chatIdOf(w.page, token);
    let calls = [];
    for (let i = 0; i < 30 && calls.length === 0; i++) {
      await w.page.waitForTimeout(100);
      calls = (await admin('GET', `/api/admin/bots/${token}/conversations/${chat}`).catch(() => ({ calls: [] }))).calls ?? [];
    }
    assert.equal(calls[0]?.phone_number, '+14165559999');
    await context.close();
  });

  it('fills the composer from speech, and shows no microphone where the browser cannot listen', async () => {
    const token = await createDemoBot({ stream_pace_ms: 0, enableSpeech: true });
    // The browser's recognition needs a microphone and a recognition service this machine has
    // not: stand in for it at its own interface.
    const fake = () => {
      window.SpeechRecognition = window.webkitSpeechRecognition = class {
        start() { setTimeout(() => { this.onresult?.({ results: [[{ transcript: 'What are your opening hours?' }]] }); this.onend?.(); }, 50); }
        stop() { this.onend?.(); }
      };
    };
    const { context, w } = await open(token, fake);
    await w.page.getByTestId('mic').click();
    await w.page.waitForFunction(() => document.querySelector('porthole-widget').shadowRoot
      .querySelector('[data-testid=input]').value === 'What are your opening hours?');
    await context.close();
    const none = await open(token, () => { delete window.webkitSpeechRecognition; delete window.SpeechRecognition; });
    assert.equal(await none.w.page.getByTestId('mic').count(), 0);
    await none.context.close();
  });
});
