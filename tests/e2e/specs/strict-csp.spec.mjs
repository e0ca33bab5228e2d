// A host page under a strict Content-Security-Policy — `script-src 'nonce-…' 'wasm-unsafe-eval'
// <service>; style-src 'nonce-…'`, a fresh nonce per response, no 'unsafe-inline' anywhere —
// gets the whole widget: the themed launcher, the panel, a streamed reply, the bot's colors in
// light and dark, an image. The page records every `securitypolicyviolation`; there must be none.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { SITE, createDemoBot } from '../support/servers.mjs';

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('a host page with a strict Content-Security-Policy', () => {
  const browser = useBrowser();
  let token;
  before(async () => {
    token = await createDemoBot({
      stream_pace_ms: 5,
      theme: { primaryColor: '#3854d8', dialogColor: '#ddeaf6' },
      darkTheme: { primaryColor: '#8ab4f8' },
      enableThemeModeToggle: true,
      enableFileUpload: true,
    });
  });

  /** The widget on `/strict` with `params`, and the page's policy header. */
  async function open(context, params = {}) {
    const w = new WidgetPage(await context.newPage());
    const response = await w.page.goto(`${SITE}/strict?${new URLSearchParams({ token, ...params })}`);
    return { w, policy: response.headers()['content-security-policy'] };
  }

  const violations = (w) => w.page.evaluate(() => window.__csp);

  it('shows the themed launcher, opens, streams a reply and goes dark, with no violation', async () => {
    const context = await browser().newContext({ colorScheme: 'light', viewport: { width: 1280, height: 800 } });
    const { w, policy } = await open(context);
    assert.match(policy, /^script-src 'nonce-[A-Za-z0-9+/=]{24}' 'wasm-unsafe-eval' http:\/\/127\.0\.0\.1:\d+; style-src 'nonce-[A-Za-z0-9+/=]{24}'$/);
    assert.doesNotMatch(policy, /unsafe-inline/);
    await w.waitForLauncher();
    assert.equal(await w.styleOf('.ph-launcher', 'background-color'), 'rgb(56, 84, 216)', 'the theme color');
    assert.equal(await w.styleOf('.ph-launcher', 'color'), 'rgb(255, 255, 255)');
    assert.equal(await w.styleOf('.ph-launcher svg', 'width'), '28px', 'the widget stylesheet applies');
    await w.openByClick();
    assert.equal(await w.styleOf('.ph-header', 'background-color'), 'rgb(56, 84, 216)');
    await w.send('What are your opening hours?');
    assert.match(await w.lastReplyText(), /Monday/);
    assert.equal(await w.styleOf('[data-role="assistant"]', 'background-color'), 'rgb(221, 234, 246)');
    assert.equal(await w.styleOf('.ph-panel', 'background-color'), 'rgb(255, 255, 255)');
    await w.screenshot('strict-csp-light');

    await w.page.getByTestId('menu').click();
    await w.page.getByTestId('theme-toggle').click();
    await w.page.waitForTimeout(250); // the colour transition
    assert.equal(await w.styleOf('.ph-panel', 'background-color'), 'rgb(22, 24, 29)', 'dark');
    assert.equal(await w.styleOf('.ph-header', 'background-color'), 'rgb(138, 180, 248)', 'the dark theme color');
    await w.screenshot('strict-csp-dark');

    assert.deepEqual(await violations(w), []);
    assert.deepEqual(w.errors, []);
    // The policy is in force and the page hears of breaches: an inline style without the nonce.
    await w.page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'p { color: red }';
      document.head.appendChild(style);
    });
    await w.page.waitForFunction(() => window.__csp.length > 0, null, { timeout: 3000 });
    assert.equal((await violations(w))[0].directive, 'style-src-elem');
    await context.close();
  });

  it('works under default-src \'none\' with only the directives the docs name (docs/security.md)', async () => {
    const context = await browser().newContext({ colorScheme: 'dark' });
    const { w, policy } = await open(context, { policy: 'locked', theme: 'auto' });
    assert.match(policy, /^default-src 'none'; /);
    await w.waitForLauncher();
    assert.equal(await w.styleOf('.ph-launcher', 'background-color'), 'rgb(138, 180, 248)', 'dark by the system');
    await w.openByClick();
    await w.send('Do you ship to Canada?');
    assert.match(await w.lastReplyText(), /Canada/);
    await w.page.getByTestId('file').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
    await w.page.waitForFunction(() => {
      const img = document.querySelector('porthole-widget').shadowRoot.querySelector('[data-testid=image]');
      return img && img.src.startsWith('http') && img.complete && img.naturalWidth === 1;
    });
    await w.screenshot('strict-csp-locked');
    assert.deepEqual(await violations(w), []);
    assert.deepEqual(w.errors, []);
    await context.close();
  });

  it('falls back to a <style> with the tag\'s nonce where stylesheets cannot be constructed', async () => {
    const context = await browser().newContext();
    await context.addInitScript(() => { delete ShadowRoot.prototype.adoptedStyleSheets; });
    const { w } = await open(context);
    await w.waitForLauncher();
    assert.equal(await w.page.evaluate(() => document.querySelector('porthole-widget').shadowRoot.querySelectorAll('style').length), 1);
    assert.equal(await w.styleOf('.ph-launcher', 'background-color'), 'rgb(56, 84, 216)');
    await w.openByClick();
    assert.equal(await w.styleOf('.ph-header', 'background-color'), 'rgb(56, 84, 216)');
    assert.deepEqual(await violations(w), []);
    await context.close();
  });

  it("loads through 'strict-dynamic', trusted by the tag's nonce alone", async () => {
    const context = await browser().newContext();
    const { w, policy } = await open(context, { policy: 'dynamic' });
    assert.match(policy, /'strict-dynamic'/);
    await w.waitForLauncher();
    await w.openByClick();
    await w.send('Do you ship to Canada?');
    assert.match(await w.lastReplyText(), /Canada/);
    assert.deepEqual(await violations(w), []);
    await context.close();
  });
});
