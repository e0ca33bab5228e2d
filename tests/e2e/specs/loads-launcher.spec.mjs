// A visitor lands on a customer's page (another origin than the service): the launcher
// appears in its corner, and nothing but the loader and the launcher program is fetched
// until they reach for it.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { API, SITE, createDemoBot, admin } from '../support/servers.mjs';

describe('loading the widget on a host page', () => {
  const browser = useBrowser();
  let token;
  before(async () => { token = await createDemoBot(); });

  it('shows the launcher bottom-right, cross-origin, loading only the launcher program', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 720 } });
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    assert.notEqual(new URL(SITE).origin, new URL(API).origin, 'the host page is on another origin');
    const box = await w.launcher.boundingBox();
    assert.ok(box.x > 1280 - 120 && box.y > 720 - 120, `bottom-right: ${JSON.stringify(box)}`);
    assert.ok(w.requests.some((u) => u.includes('/pkg/launcher-')), 'the launcher program loaded');
    assert.ok(!w.requests.some((u) => u.includes('/pkg/app-')), 'the app waits for the visitor');
    assert.equal(await w.launcher.getAttribute('aria-label'), 'Open chat');
    assert.deepEqual(w.errors, []);
    await w.screenshot('closed');
    await context.close();
  });

  it('starts fetching the app when the visitor reaches for the launcher', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    const app = w.page.waitForRequest((r) => r.url().includes('/pkg/app-'));
    await w.launcher.hover();
    await app;
    await context.close();
  });

  it('logs one clear message and shows nothing for an unknown or malformed token', async () => {
    for (const bad of ['0123456789abcdef0123456789abcdef', 'not-a-token']) {
      const context = await browser().newContext();
      const w = await WidgetPage.open(context, bad);
      await w.page.waitForFunction(() => document.readyState === 'complete');
      await w.page.waitForTimeout(300);
      assert.equal(await w.launcher.count(), 0, `${bad}: no launcher`);
      const ours = w.errors.filter((e) => e.includes('Porthole'));
      assert.equal(ours.length, 1, `${bad}: ${JSON.stringify(w.errors)}`);
      assert.match(ours[0], /token/);
      await context.close();
    }
  });

  it('shows nothing for a paused bot', async () => {
    const paused = await createDemoBot({ enabled: false });
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, paused);
    await w.page.waitForLoadState('networkidle');
    assert.equal(await w.launcher.count(), 0);
    assert.deepEqual(w.errors, []);
    await context.close();
  });

  it('works with async and when injected after the page loaded', async () => {
    for (const load of ['async', 'inject']) {
      const context = await browser().newContext();
      const w = await WidgetPage.open(context, token, { load });
      await w.waitForLauncher();
      await w.openByClick();
      await w.send('Is there parking?');
      assert.match(await w.lastReplyText(), /parking/, load);
      await context.close();
    }
  });

  it('makes one widget even when the tag is pasted twice', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token, { copies: '2' });
    await w.waitForLauncher();
    await w.page.waitForLoadState('networkidle');
    assert.equal(await w.page.locator('porthole-widget').count(), 1);
    assert.equal(await w.launcher.count(), 1);
    await context.close();
  });

  it('pings once per page load', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.page.waitForLoadState('networkidle');
    assert.equal(w.requests.filter((u) => u.includes('/api/widget/ping')).length, 1);
    const bot = await admin('GET', `/api/admin/bots/${token}`);
    assert.equal(bot.status.widget_last_domain, 'localhost');
    await context.close();
  });
});
