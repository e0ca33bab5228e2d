// The visitor moves between pages: the conversation, the open panel and a reply still being
// written all survive, and replies that arrive while the panel is closed show as unread.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { createDemoBot, admin } from '../support/servers.mjs';

describe('continuity across page loads', () => {
  const browser = useBrowser();
  let token;
  before(async () => { token = await createDemoBot({ stream_pace_ms: 20 }); });

  it('restores the conversation and the open panel after a reload', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.openByClick();
    await w.send('Do you ship to Canada?');
    const answer = await w.lastReplyText();
    const chatId = await w.page.evaluate((t) => localStorage.getItem(`porthole:${t}:chat`), token);
    assert.match(chatId, /^web_[0-9a-f]{32}$/);

    await w.page.reload();
    await w.panel.waitFor({ state: 'visible' });
    await w.replies().first().waitFor();
    assert.equal(await w.userMessages().first().innerText(), 'Do you ship to Canada?');
    assert.equal(await w.replies().first().innerText(), answer);
    assert.equal(await w.focusedTestId(), null, 'a restored panel does not steal focus from the page');
    await context.close();
  });

  it('finishes a reply that was streaming when the visitor went to another page', async () => {
    const slow = await createDemoBot({ stream_pace_ms: 250 });
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, slow);
    await w.waitForLauncher();
    await w.openByClick();
    await w.send('What are your opening hours?');
    await w.page.waitForFunction(() => {
      const md = document.querySelector('porthole-widget').shadowRoot.querySelector('[data-role="assistant"] .ph-md');
      return md && md.textContent.length > 0;
    });
    await w.page.getByRole('link', { name: 'Another page' }).click();
    await w.page.waitForURL(/\/other/);
    await w.panel.waitFor({ state: 'visible' });
    const text = await w.lastReplyText();
    assert.match(text, /Monday to Friday: 7am to 6pm[\s\S]*Closed on December 25/);
    assert.equal(await w.replies().count(), 1, 'one reply, not two');
    await context.close();
  });

  it('counts a reply that arrives while the panel is closed as unread', async () => {
    const slow = await createDemoBot({ stream_pace_ms: 150 });
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, slow);
    await w.waitForLauncher();
    await w.openByClick();
    await w.send('What are your opening hours?');
    await w.page.keyboard.press('Escape');
    const badge = w.page.getByTestId('unread');
    await badge.waitFor();
    assert.equal(await badge.innerText(), '1');
    await w.launcher.click();
    await badge.waitFor({ state: 'detached' });
    await context.close();
  });

  it('keeps the conversation in the bot\'s own storage key and the service\'s history', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.openByClick();
    await w.send('Is there parking?');
    await w.lastReplyText();
    const chatId = await w.page.evaluate((t) => localStorage.getItem(`porthole:${t}:chat`), token);
    const stored = await admin('GET', `/api/admin/bots/${token}/conversations/${chatId}`);
    assert.deepEqual(stored.messages.map((m) => m.role), ['user', 'assistant']);
    assert.match(stored.messages[1].content, /parking/);
    await context.close();
  });
});
