// The visitor asks a question: the answer streams in piece by piece, rendered as Markdown
// (never as HTML), with its sources; the 300-character limit shows before sending.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { admin, createDemoBot } from '../support/servers.mjs';

describe('asking a question', () => {
  const browser = useBrowser();
  let token;
  before(async () => { token = await createDemoBot({ stream_pace_ms: 80 }); });

  it('streams the answer in more than one piece, as a list with its source', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.openByClick();
    // Record the reply's length at every change of the widget's DOM.
    await w.page.evaluate(() => {
      window.lengths = [];
      const root = document.querySelector('porthole-widget').shadowRoot;
      new MutationObserver(() => {
        const replies = root.querySelectorAll('[data-role="assistant"] .ph-md');
        const last = replies[replies.length - 1];
        if (last) window.lengths.push(last.textContent.length);
      }).observe(root, { subtree: true, childList: true, characterData: true });
    });
    await w.send('What are your opening hours?');
    const text = await w.lastReplyText();
    assert.match(text, /Monday to Friday: 7am to 6pm/);
    const lengths = [...new Set(await w.page.evaluate(() => window.lengths))].filter((n) => n > 0);
    assert.ok(lengths.length >= 3, `the reply grew in several steps: ${lengths}`);
    const reply = w.replies().last();
    assert.ok((await reply.locator('li').count()) >= 2, 'Markdown list items');
    const source = reply.getByRole('link', { name: 'Visit the roastery' });
    assert.equal(await source.getAttribute('href'), 'https://harbor-lights.example/visit');
    assert.equal(await source.getAttribute('target'), '_blank');
    assert.match(await source.getAttribute('rel'), /noopener/);
    assert.match(await w.page.getByTestId('announcer').innerText(), /7am to 6pm/, 'announced politely');
    await context.close();
  });

  it('shows a price list from the knowledge as a table that fits the panel, on a phone too', async () => {
    for (const [name, viewport] of [['laptop', { width: 1280, height: 720 }], ['phone', { width: 390, height: 844 }]]) {
      const context = await browser().newContext({ viewport, isMobile: name === 'phone', hasTouch: name === 'phone' });
      const w = await WidgetPage.open(context, token);
      await w.waitForLauncher();
      await w.openByClick();
      await w.send('How much does the Harbor Blend cost?');
      await w.lastReplyText();
      const table = w.replies().last().locator('table');
      await table.waitFor();
      assert.deepEqual(await table.locator('th').allInnerTexts(), ['Coffee', '250 g', '1 kg']);
      const row = await table.locator('tbody tr').filter({ hasText: 'Harbor Blend' }).locator('td').allInnerTexts();
      assert.deepEqual(row, ['Harbor Blend', '€10.00', '€34.00']);
      assert.equal(await table.locator('td').nth(2).getAttribute('class'), 'md-right', 'a right-aligned column');
      // Never wider than the message: a wide table scrolls inside it.
      const fits = await w.page.evaluate(() => {
        const root = document.querySelector('porthole-widget').shadowRoot;
        const replies = root.querySelectorAll('[data-role="assistant"]');
        const bubble = replies[replies.length - 1].getBoundingClientRect();
        const box = replies[replies.length - 1].querySelector('.md-table').getBoundingClientRect();
        return box.right <= bubble.right + 0.5 && box.left >= bubble.left - 0.5;
      });
      assert.ok(fits, `${name}: the table stays inside its message`);
      await w.screenshot(`table-${name}`);
      await context.close();
    }
  });

  it('scrolls a table wider than the message sideways, inside it', async () => {
    const { token: wide } = await admin('POST', '/api/admin/bots', { bot_name: 'Tide Tables' });
    const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    const text = `# Ferry timetable\n\n| Crossing | ${days.join(' | ')} |\n|---|${days.map(() => '---').join('|')}|\n`
      + `| Harbour to Lighthouse Island | ${days.map(() => '07:15, 12:40, 18:05').join(' | ')} |\n`;
    await admin('POST', `/api/admin/bots/${wide}/documents`, { title: 'Ferry timetable', text });
    const context = await browser().newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const w = await WidgetPage.open(context, wide);
    await w.waitForLauncher();
    await w.openByClick();
    await w.send('What is the ferry timetable to Lighthouse Island?');
    await w.lastReplyText();
    await w.replies().last().locator('table').waitFor();
    const box = await w.page.evaluate(() => {
      const root = document.querySelector('porthole-widget').shadowRoot;
      const replies = root.querySelectorAll('[data-role="assistant"]');
      const reply = replies[replies.length - 1];
      const scroller = reply.querySelector('.md-table');
      const [b, s] = [reply.getBoundingClientRect(), scroller.getBoundingClientRect()];
      return { inside: s.left >= b.left - 0.5 && s.right <= b.right + 0.5, scrolls: scroller.scrollWidth > scroller.clientWidth + 10,
        panel: b.right <= window.innerWidth };
    });
    assert.deepEqual(box, { inside: true, scrolls: true, panel: true });
    await w.screenshot('table-wide-phone');
    await context.close();
  });

  it('offers the configured conversation starters and sends one on click', async () => {
    const starters = await createDemoBot({ stream_pace_ms: 0, displayConversationStarters: ['Do you ship to Canada?', 'Where are you?'] });
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, starters);
    await w.waitForLauncher();
    await w.openByClick();
    await w.page.getByRole('button', { name: 'Where are you?' }).click();
    assert.equal(await w.userMessages().first().innerText(), 'Where are you?');
    assert.match(await w.lastReplyText(), /12 Quay Street/);
    assert.equal(await w.page.getByTestId('starters').count(), 0, 'starters leave once the conversation starts');
    await context.close();
  });

  it('says it does not know instead of inventing an answer', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.openByClick();
    await w.send('Do you sell bicycles?');
    assert.match(await w.lastReplyText(), /I don't know that one/);
    await context.close();
  });

  it('sends on Enter and starts a new line on Shift+Enter', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.openByClick();
    await w.input.click();
    await w.page.keyboard.type('Do you ship');
    await w.page.keyboard.press('Shift+Enter');
    await w.page.keyboard.type('to Canada?');
    assert.equal(await w.input.inputValue(), 'Do you ship\nto Canada?');
    assert.equal(await w.userMessages().count(), 0);
    await w.page.keyboard.press('Enter');
    await w.userMessages().first().waitFor();
    assert.equal(await w.userMessages().first().innerText(), 'Do you ship\nto Canada?');
    assert.equal(await w.input.inputValue(), '');
    assert.match(await w.lastReplyText(), /Canada/);
    await context.close();
  });

  it('shows the 300-character limit before sending and refuses to send past it', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.openByClick();
    await w.input.fill('咖'.repeat(290));
    assert.equal(await w.page.getByTestId('counter').innerText(), '10 characters left');
    await w.input.fill('a'.repeat(301));
    assert.equal(await w.page.getByTestId('counter').innerText(), '1 characters too many');
    assert.equal(await w.page.getByTestId('send').isDisabled(), true);
    await w.input.press('Enter');
    await w.page.waitForTimeout(200);
    assert.equal(await w.userMessages().count(), 0, 'nothing was sent');
    await context.close();
  });

  it('shows text that looks like HTML as text', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.openByClick();
    await w.send('<img src=x onerror="window.pwned=1"> hello?');
    await w.lastReplyText();
    assert.equal(await w.userMessages().first().innerText(), '<img src=x onerror="window.pwned=1"> hello?');
    assert.equal(await w.page.evaluate(() => window.pwned), undefined);
    assert.equal(await w.page.locator('porthole-widget img').count(), 0);
    await context.close();
  });
});
