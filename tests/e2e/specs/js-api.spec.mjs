// The site owner drives the widget from their page: window.Porthole (with a queue stub for
// calls made before the script loads) and events.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { createDemoBot } from '../support/servers.mjs';

describe('the JavaScript API', () => {
  const browser = useBrowser();
  let token;
  before(async () => { token = await createDemoBot({ stream_pace_ms: 0 }); });

  it('keeps calls queued before load, then opens, sends, closes, toggles, resets and reports', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token, { stub: '1' });
    await w.waitForLauncher();
    await w.page.evaluate(() => {
      window.domEvents = [];
      addEventListener('porthole:close', () => window.domEvents.push('close'));
      Porthole.open();
    });
    await w.panel.waitFor({ state: 'visible' });
    await w.page.evaluate(() => Porthole.send('Do you ship to Canada?'));
    assert.match(await w.lastReplyText(), /Canada/);
    const events = await w.page.evaluate(() => window.events);
    assert.equal(events[0], 'open', 'a listener registered through the queue stub');
    assert.ok(events.includes('user:Do you ship to Canada?'), JSON.stringify(events));
    assert.ok(events.some((e) => e.startsWith('assistant:') && e.includes('Canada')), JSON.stringify(events));

    await w.page.evaluate(() => Porthole.close());
    await w.panel.waitFor({ state: 'hidden' });
    assert.deepEqual(await w.page.evaluate(() => window.domEvents), ['close']);
    await w.page.evaluate(() => Porthole('toggle'));
    await w.panel.waitFor({ state: 'visible' });
    await w.page.evaluate(() => Porthole.reset());
    await w.page.waitForFunction(() => document.querySelector('porthole-widget').shadowRoot.querySelectorAll('[data-testid="message"]').length === 0);
    assert.equal(await w.page.evaluate((t) => localStorage.getItem(`porthole:${t}:chat`), token), null);
    await context.close();
  });

  it('opens on load with data-open="true"', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token, { open: 'true' });
    await w.panel.waitFor({ state: 'visible' });
    await context.close();
  });
});
