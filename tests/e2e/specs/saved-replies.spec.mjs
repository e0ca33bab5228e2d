// Saved replies, as an owner sets them up and an operator uses them: the Replies page saves one
// with placeholders; in a conversation, typing "/" and part of its shortcut lists it, Enter
// inserts it with the visitor's first name and the operator's name filled in, and the visitor
// reads it in the widget.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { Console } from '../support/console.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { chatIdOf } from '../support/operator.mjs';
import { ADMIN_TOKEN, createDemoBot } from '../support/servers.mjs';

describe('saved replies', () => {
  const browser = useBrowser();

  it('are saved on their page and inserted in a conversation with "/", filled from it', async () => {
    const token = await createDemoBot({ stream_pace_ms: 0, lead_capture: { when: 'before_first_message', fields: ['email', 'name'] } });
    const visitorContext = await browser().newContext();
    const visitor = await WidgetPage.open(visitorContext, token);
    await visitor.waitForLauncher();
    await visitor.openByClick();
    await visitor.page.getByLabel('Email').fill('ana@example.com');
    await visitor.page.getByLabel('Name').fill('Ana Costa');
    await visitor.page.getByTestId('lead-form').getByRole('button', { name: 'Send' }).click();
    await visitor.page.getByTestId('lead-thanks').waitFor();
    await visitor.send('Where is my refund?');
    await visitor.lastReplyText();

    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    // The list of bots comes slowly: the form waits for it to offer this bot.
    await context.route('**/api/admin/bots', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    const c = await Console.open(context);
    await c.signInAsOwner(ADMIN_TOKEN);
    await c.testId('nav-replies').click();
    await c.testId('replies-page').waitFor();
    const shortcut = `refund${Date.now() % 100000}`;
    await c.testId('reply-shortcut').fill(shortcut);
    await c.testId('reply-title').fill('Refund timing');
    await c.testId('reply-bot').selectOption(token);
    await c.testId('reply-text').fill('Hi {visitor_first_name}, this is {operator_name}: refunds reach your card within **5 working days**.');
    await c.testId('save-reply').click();
    const card = c.testId('saved-reply').filter({ hasText: `/${shortcut}` });
    await card.waitFor();
    await c.screenshots('replies');

    await c.openInbox();
    const chat = await chatIdOf(visitor.page, token);
    await c.page.locator(`[data-testid=conversation][data-id="${chat}"] a`).click();
    const box = c.testId('reply');
    await box.fill(`/${shortcut.slice(0, 5)}`);
    const picker = c.testId('saved-picker');
    await picker.waitFor();
    assert.match(await picker.innerText(), new RegExp(`/${shortcut}[\\s\\S]*Refund timing`));
    await c.page.screenshot({ path: new URL('../../artifacts/console-saved-picker.png', import.meta.url).pathname });
    await box.press('Enter');
    await picker.waitFor({ state: 'hidden' });
    const inserted = await box.inputValue();
    assert.match(inserted, /^Hi Ana, this is .+: refunds reach your card within \*\*5 working days\*\*\.$/);
    await box.press('Enter');
    const received = visitor.page.locator('[data-testid=message]', { hasText: 'Hi Ana, this is' });
    await received.locator('strong', { hasText: '5 working days' }).waitFor();

    // Escape closes the list; the text stays as typed.
    await box.fill('/zzz-nothing');
    assert.equal(await picker.count(), 0);
    await box.fill(`/${shortcut}`);
    await picker.waitFor();
    await box.press('Escape');
    await picker.waitFor({ state: 'hidden' });
    assert.equal(await box.inputValue(), `/${shortcut}`);
    assert.deepEqual([...c.errors, ...visitor.errors], []);
    await visitorContext.close();
    await context.close();
  });
});
