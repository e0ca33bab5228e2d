// Business hours switch the widget: outside them (today a holiday) the header says when people
// are back and "talk to a person" becomes "leave a message", whose form asks for an email; the
// conversation waits for a person in the inbox and the AI keeps answering. Inside them the
// widget offers a person as before, and says one is available while the owner has the console
// open, until they set themselves away. The owner sets the hours in the console's Appearance
// tab.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { Console } from '../support/console.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { Operator, chatIdOf } from '../support/operator.mjs';
import { ADMIN_TOKEN, admin, createDemoBot } from '../support/servers.mjs';

const always = '00:00-24:00';
const week = { mon: always, tue: always, wed: always, thu: always, fri: always, sat: always, sun: always };

describe('business hours', () => {
  const browser = useBrowser();

  it('turn "talk to a person" into "leave a message" outside them, and back', async () => {
    const token = await createDemoBot({ stream_pace_ms: 0 });
    await Operator.signIn([token]); // someone can answer this bot: the widget offers a person
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    const c = await Console.open(context);
    await c.signInAsOwner(ADMIN_TOKEN);
    await c.goto(`/console/bots/${token}/appearance`);
    await c.testId('hours_enabled').check();
    await c.page.locator('input[name=hours_time_zone]').fill('UTC');
    const today = new Date().toISOString().slice(0, 10);
    for (const day of Object.keys(week)) await c.page.locator(`input[name=hours-${day}]`).fill(always);
    await c.page.locator('textarea[name=hours_holidays]').fill(today);
    await c.page.locator('input[name=hours-mon]').fill('late');
    await c.page.getByText('write a span as 09:00-17:00').first().waitFor();
    await c.page.locator('input[name=hours-mon]').fill(always);
    await c.testId('save').click();
    await c.page.getByText('Saved.').waitFor();
    await c.testId('hours').scrollIntoViewIfNeeded();
    await c.screenshots('business-hours');
    await c.testId('hours').screenshot({ path: new URL('../../artifacts/console-business-hours-card.png', import.meta.url).pathname });
    const saved = await admin('GET', `/api/admin/bots/${token}`);
    assert.deepEqual(saved.config.hours.holidays, [today]);

    const visitor = await browser().newContext({ timezoneId: 'UTC', locale: 'en-US' });
    const w = await WidgetPage.open(visitor, token);
    await w.waitForLauncher();
    await w.openByClick();
    const away = w.page.getByTestId('away');
    assert.match(await away.innerText(), /^Back \w{3} 12:00\sAM$/, 'back at midnight, in the visitor\'s clock');
    await w.send('Do you ship to Canada?');
    assert.match(await w.lastReplyText(), /Canada/, 'the AI answers at any hour');
    const button = w.page.getByTestId('talk-to-person');
    assert.equal(await button.getAttribute('aria-label'), 'Leave a message');
    await button.click();
    const form = w.page.getByTestId('lead-form');
    await form.waitFor();
    assert.match(await form.innerText(), /Nobody is here right now/);
    await w.page.getByTestId('waiting').waitFor();
    // Brought into view under the last message, once the status bar above the composer shows.
    await w.page.waitForFunction(() => {
      const root = document.querySelector('porthole-widget').shadowRoot;
      const list = root.querySelector('[data-testid="messages"]').getBoundingClientRect();
      const box = root.querySelector('[data-testid="lead-form"]').getBoundingClientRect();
      return box.bottom <= list.bottom + 1 && box.top >= list.top;
    }, null, { timeout: 3000 });
    await w.screenshot('widget-leave-message');
    await w.page.getByTestId('lead-email').fill('late@example.com');
    await form.getByRole('button', { name: 'Send' }).click();
    await w.page.getByTestId('lead-thanks').waitFor();
    const chat = await chatIdOf(w.page, token);
    const detail = await admin('GET', `/api/admin/bots/${token}/conversations/${chat}`);
    assert.equal(detail.conversation.waiting, true, 'the inbox shows it waiting for a person');
    assert.equal(detail.conversation.contact_data.email, 'late@example.com');

    await admin('PATCH', `/api/admin/bots/${token}`, { hours: { holidays: [] } });
    const later = await WidgetPage.open(await browser().newContext(), token);
    await later.waitForLauncher();
    await later.openByClick();
    assert.equal(await later.page.getByTestId('talk-to-person').getAttribute('aria-label'), 'Talk to a person');
    assert.equal(await later.page.getByTestId('away').count(), 0);
    // The owner has the console open and is not away: a person is available, within hours.
    await later.page.getByTestId('available').waitFor();
    await later.screenshot('widget-person-available');
    await c.testId('away-toggle').click();
    await c.page.getByTestId('away-toggle').filter({ hasText: 'Away' }).waitFor();
    await c.screenshots('away');
    // A fresh browser each time: one that loaded the config keeps it 30 seconds.
    let shown = 1;
    for (let i = 0; i < 20 && shown > 0; i++) {
      await later.page.waitForTimeout(500);
      const fresh = await WidgetPage.open(await browser().newContext(), token);
      await fresh.waitForLauncher();
      await fresh.openByClick();
      shown = await fresh.page.getByTestId('available').count();
    }
    assert.equal(shown, 0, 'away: nobody available any more');
    await c.testId('away-toggle').click();
    await c.page.getByTestId('away-toggle').filter({ hasText: 'Available' }).waitFor();
    for (const page of [w, later]) assert.deepEqual(page.errors, []);
    // Leaves no visitor waiting for the specs that count them.
    await w.page.getByTestId('waiting').getByRole('button').click();
    await w.page.getByTestId('waiting').waitFor({ state: 'detached' });
    await context.close();
  });
});
