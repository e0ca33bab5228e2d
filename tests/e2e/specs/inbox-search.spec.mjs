// Finding a conversation in the console: the owner types words (Chinese too) in the inbox's
// search field, the list shows where each conversation matched, a result opens its
// conversation at that message, and the list as filtered downloads as CSV.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useBrowser } from '../support/browser.mjs';
import { Console } from '../support/console.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { chatIdOf } from '../support/operator.mjs';
import { ADMIN_TOKEN, API, admin, createDemoBot } from '../support/servers.mjs';

describe('inbox search', () => {
  const browser = useBrowser();

  it('finds a Chinese phrase, opens the conversation at it, and exports the list', async () => {
    const token = await createDemoBot({ stream_pace_ms: 0 });
    const marker = `order${Date.now() % 1000000}`;
    const visitor = await WidgetPage.open(await browser().newContext(), token);
    await visitor.waitForLauncher();
    await visitor.openByClick();
    await visitor.send(`我想申请退款，需要多久？ ${marker}`);
    await visitor.lastReplyText();
    await visitor.send('Do you ship to Canada?');
    await visitor.lastReplyText();
    const chat = await chatIdOf(visitor.page, token);

    const context = await browser().newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const c = await Console.open(context);
    await c.signInAsOwner(ADMIN_TOKEN);
    await c.openInbox();
    await c.testId('inbox-search').fill(`退款 ${marker}`);
    const row = c.page.locator(`[data-testid=conversation][data-id="${chat}"]`);
    await row.getByTestId('hit').waitFor();
    assert.match(await row.getByTestId('hit').innerText(), /申请退款/);
    assert.equal(await c.testId('conversation').count(), 1, 'only the conversation with the words');
    assert.match(c.page.url(), /[?&]q=/, 'the search stays in the address');
    await c.screenshots('inbox-search');

    await row.locator('a').click();
    const found = c.page.locator('li.message.found');
    await found.waitFor();
    assert.match(await found.innerText(), /需要多久/);
    await c.screenshots('inbox-search-found');

    const [download] = await Promise.all([c.page.waitForEvent('download'), c.testId('export-csv').click()]);
    assert.equal(download.suggestedFilename(), 'conversations.csv');
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
    assert.equal(csv.length, 2, csv.join('\n'));
    assert.ok(csv[1].startsWith(chat), csv[1]);
    assert.deepEqual(c.errors, []);
    await context.close();
  });

  it('pages through the older conversations of a bot once each, and says when the list cannot be read', async () => {
    const token = await createDemoBot({ stream_pace_ms: 0 });
    // 55 conversations, more than the list's first page of 50, started through the API channel
    // (seed 001: an integrator's, with no per-visitor rate limit).
    const { key } = await admin('POST', `/api/admin/bots/${token}/keys`, { name: 'paging' });
    for (let i = 0; i < 55; i++) {
      const res = await fetch(`${API}/api/v1/conversations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ message: { data: { body: `Hello ${i}` }, type: 'text' }, from: { user_external_id: `u${i}`, type: 'VISITOR' } }),
      });
      assert.equal(res.status, 200, await res.text());
    }
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    const c = await Console.open(context);
    await c.signInAsOwner(ADMIN_TOKEN);
    await c.goto(`/console/inbox?bot=${token}`);
    const rows = c.testId('conversation');
    await c.testId('older').waitFor();
    assert.equal(await rows.count(), 50);
    // Clicked twice in a row: the page is asked for once (the button goes while it is read).
    await c.testId('older').click();
    await c.testId('older').click({ timeout: 300 }).catch(() => {});
    await c.page.waitForFunction(() => document.querySelectorAll('[data-testid=conversation]').length >= 55);
    await c.page.waitForTimeout(500);
    const ids = await rows.evaluateAll((all) => all.map((r) => r.dataset.id));
    assert.equal(ids.length, 55, 'every conversation once');
    assert.equal(new Set(ids).size, 55);
    assert.equal(await c.testId('older').count(), 0, 'nothing older');

    // The list's read fails (the network drops): the page says so; the next read clears it.
    await context.route('**/api/admin/conversations?*', (route) => route.abort('internetdisconnected'));
    await c.testId('inbox-search').fill('Hello');
    await c.testId('list-error').waitFor();
    assert.match(await c.testId('list-error').innerText(), /could not be read/);
    await c.screenshots('inbox-list-error');
    await context.unroute('**/api/admin/conversations?*');
    await c.testId('inbox-search').fill('Hello 54');
    await c.testId('list-error').waitFor({ state: 'detached' });
    await c.page.locator('[data-testid=conversation] [data-testid=hit]').first().waitFor();
    await context.close();
  });
});
