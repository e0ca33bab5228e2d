// Things go wrong: the network drops, the visitor sends too fast, the bot is paused. Each
// shows a clear inline message, and a retry where retrying makes sense.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { API, createDemoBot, admin } from '../support/servers.mjs';

describe('when something goes wrong', () => {
  const browser = useBrowser();
  let token;
  before(async () => { token = await createDemoBot({ stream_pace_ms: 0 }); });

  it('explains a network failure and retries on request', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.openByClick();
    await context.route('**/api/v1/chat/stream', (route) => route.abort('internetdisconnected'));
    await w.send('Do you ship to Canada?');
    const error = w.page.getByTestId('error');
    await error.waitFor();
    assert.match(await error.innerText(), /Couldn't reach the assistant/);
    await context.unroute('**/api/v1/chat/stream');
    await w.page.getByTestId('retry').click();
    assert.match(await w.lastReplyText(), /Canada/);
    assert.equal(await w.page.getByTestId('error').count(), 0);
    assert.equal(await w.userMessages().count(), 1, 'the retry did not duplicate the question');
    await context.close();
  });

  it('sends a message again by itself after a busy edge (503), and the question runs once', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.openByClick();
    const bodies = [];
    await context.route('**/api/v1/chat/stream', async (route) => {
      bodies.push(JSON.parse(route.request().postData()));
      if (bodies.length === 1) {
        await route.fulfill({ status: 503, headers: { 'Retry-After': '0' }, body: 'Your worker restarted mid-request.' });
      } else {
        await route.continue();
      }
    });
    await w.send('Do you ship to Canada?');
    assert.match(await w.lastReplyText(), /Canada/);
    assert.equal(await w.page.getByTestId('error').count(), 0);
    assert.equal(bodies.length, 2, 'sent once more after the 503');
    assert.equal(bodies[1].message_id, bodies[0].message_id, 'under the same message id');
    assert.equal(await w.userMessages().count(), 1);
    await context.close();
  });

  it('shows the launcher after a busy edge (503) answered its config, and nothing for no bot (404)', async () => {
    const context = await browser().newContext();
    const asked = [];
    let busy = true;
    await context.route('**/api/widget/config?*', async (route) => {
      asked.push(route.request().url());
      if (busy) {
        busy = false;
        await route.fulfill({ status: 503, body: 'Your worker restarted mid-request.' });
      } else {
        await route.continue();
      }
    });
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    assert.equal(asked.length, 2, 'asked once more after the 503');

    // A token no bot has is a 404: asked once, said in the console, and the page shows nothing.
    asked.length = 0;
    const said = w.page.waitForEvent('console', { predicate: (m) => /no bot has this data-token/.test(m.text()) });
    await w.goto('0'.repeat(32));
    await said;
    await new Promise((r) => setTimeout(r, 1500)); // past the first retry's wait
    assert.equal(await w.launcher.count(), 0);
    assert.equal(asked.length, 1, 'a 404 is not asked again');
    await context.close();
  });

  it('says when to try again after too many messages (a real 429)', async () => {
    const busy = await createDemoBot({ stream_pace_ms: 0 });
    // Align with the limiter's one-minute window, then use up this client's 20 messages.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 25_000) await new Promise((r) => setTimeout(r, left + 200));
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${API}/api/v1/chat/stream`, {
        method: 'POST', body: JSON.stringify({ site_key: busy, message: 'Hi', message_id: `warm${i}` }),
      });
      assert.equal(res.status, 200);
      await res.text();
    }
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, busy);
    await w.waitForLauncher();
    await w.openByClick();
    await w.send('Hello again');
    const error = w.page.getByTestId('error');
    await error.waitFor();
    assert.match(await error.innerText(), /too quickly\. Try again in \d+ s\./);
    await context.close();
  });

  it('tells the visitor when the bot is paused', async () => {
    const paused = await createDemoBot();
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, paused);
    await w.waitForLauncher();
    await w.openByClick();
    await admin('PATCH', `/api/admin/bots/${paused}`, { enabled: false });
    await w.send('Anyone there?');
    const error = w.page.getByTestId('error');
    await error.waitFor();
    assert.match(await error.innerText(), /paused/);
    assert.equal(await w.page.getByTestId('retry').count(), 0);
    await context.close();
  });
});
