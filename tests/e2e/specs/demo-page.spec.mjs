// The demo page that `make dev` serves (same origin as the service) embeds the demo bot.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { API, DEMO_TOKEN, createDemoBot } from '../support/servers.mjs';

describe('the demo page', () => {
  const browser = useBrowser();
  before(async () => { await createDemoBot({}, DEMO_TOKEN); });

  it('shows a plausible site with the widget answering from the demo knowledge', async () => {
    const context = await browser().newContext();
    const w = new WidgetPage(await context.newPage());
    await w.page.goto(`${API}/`);
    assert.match(await w.page.title(), /Harbor Lights/);
    await w.waitForLauncher();
    await w.openByClick();
    await w.send('How do I brew a French press?');
    assert.match(await w.lastReplyText(), /30 g of coarsely ground coffee/);
    assert.deepEqual(w.errors, []);
    await context.close();
  });
});
