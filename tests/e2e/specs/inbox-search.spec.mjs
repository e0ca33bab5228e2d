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
import { ADMIN_TOKEN, createDemoBot } from '../support/servers.mjs';

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
});
