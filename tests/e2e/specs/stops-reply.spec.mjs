// The visitor stops a reply mid-way: what arrived stays, marked as stopped, and they can ask
// again.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { createDemoBot } from '../support/servers.mjs';

describe('stopping a reply', () => {
  const browser = useBrowser();
  let token;
  before(async () => { token = await createDemoBot({ stream_pace_ms: 300 }); });

  it('keeps what arrived, marks it stopped, and frees the composer', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.openByClick();
    await w.send('What are your opening hours?');
    const stop = w.page.getByTestId('stop');
    await stop.waitFor();
    await w.page.waitForFunction(() => {
      const md = document.querySelector('porthole-widget').shadowRoot.querySelector('[data-role="assistant"] .ph-md');
      return md && md.textContent.length > 0;
    });
    await stop.click();
    await w.page.getByText('Stopped').waitFor();
    const text = await w.replies().last().innerText();
    await w.page.waitForTimeout(700);
    assert.equal(await w.replies().last().innerText(), text, 'nothing more arrives');
    assert.ok(!text.includes('Closed on December 25'), 'the reply was cut short');
    await w.page.getByTestId('send').waitFor();
    await context.close();
  });
});
