// A person takes part: an operator (through the dashboard API) takes the visitor's conversation
// over and replies; the widget shows the reply within seconds, marked as a person, and the
// header says who answers. The visitor asks for a person; a blocked visitor sees a notice and
// no composer; a proactive message waits beside the closed launcher.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { createDemoBot } from '../support/servers.mjs';
import { Operator, chatIdOf } from '../support/operator.mjs';

describe('a person takes part', () => {
  const browser = useBrowser();
  let token;
  let jane;
  before(async () => {
    token = await createDemoBot({ stream_pace_ms: 0 });
    jane = await Operator.signIn([token]);
  });

  /** A visitor who asked one question, with the panel open. */
  async function visitor() {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.openByClick();
    await w.send('What are your opening hours?');
    await w.lastReplyText();
    return { context, w, chat: await chatIdOf(w.page, token) };
  }

  it('shows the operator reply within seconds, marked as a person', async () => {
    const { context, w, chat } = await visitor();
    await jane.act(token, chat, 'takeover');
    await jane.act(token, chat, 'messages', { content: 'Hi, I am **Jane**. How can I help?' });
    const started = Date.now();
    const reply = w.operatorMessages().last();
    await reply.waitFor({ timeout: 8000 });
    assert.ok(Date.now() - started < 8000, 'within seconds');
    assert.equal(await reply.innerText(), 'Hi, I am Jane. How can I help?');
    assert.equal(await reply.locator('strong').innerText(), 'Jane', 'Markdown, not raw');
    assert.equal(await w.page.getByTestId('author-name').last().innerText(), 'Jane');
    await w.page.getByTestId('talking-to-person').waitFor();
    assert.equal(await w.page.getByTestId('bot-name').innerText(), 'Jane', 'the header names the person');
    await w.screenshot('operator-reply');

    // A reply with more Markdown: a list, emphasis, code, a quote and a link, as elements.
    await jane.act(token, chat, 'messages', {
      content: 'Our **hours**:\n\n- Mon–Fri: *9–18*\n- Sat: `10–14`\n\n> Closed on holidays: see [the calendar](https://example.com/cal).',
    });
    const rich = w.operatorMessages().last();
    await rich.locator('blockquote').waitFor({ timeout: 8000 });
    assert.deepEqual(await rich.locator('li').allInnerTexts(), ['Mon–Fri: 9–18', 'Sat: 10–14']);
    assert.equal(await rich.locator('li em').innerText(), '9–18');
    assert.equal(await rich.locator('li code').innerText(), '10–14');
    const link = rich.locator('blockquote a');
    assert.equal(await link.getAttribute('href'), 'https://example.com/cal');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    // The list follows it to the bottom, though it is taller than the list's margin.
    await w.page.waitForFunction(() => {
      const list = document.querySelector('porthole-widget').shadowRoot.querySelector('[data-testid=messages]');
      return list.scrollHeight - list.scrollTop - list.clientHeight < 2;
    }, null, { timeout: 3000 });
    await w.screenshot('operator-markdown');

    // While Jane answers, the visitor's next message gets no AI reply.
    const before = await w.replies().count();
    await w.send('Great, thanks');
    await w.page.waitForTimeout(1500);
    assert.equal(await w.replies().count(), before, 'the AI stays silent');
    const convs = await jane.inbox(token, 'mode=operator');
    assert.ok(convs.some((c) => c.id === chat && c.last_message === 'Great, thanks'));

    // Handed back, the AI answers again and the header shows the bot.
    await jane.act(token, chat, 'handback');
    await w.page.getByTestId('talking-to-person').waitFor({ state: 'detached', timeout: 8000 });
    await w.send('Where are you?');
    assert.match(await w.lastReplyText(), /Quay Street/);
    await context.close();
  });

  it('lets the visitor ask for a person and tells operators at once', async () => {
    const { context, w, chat } = await visitor();
    await w.page.getByTestId('talk-to-person').click();
    const waiting = w.page.getByTestId('waiting');
    await waiting.waitFor();
    // Jane has no console open: nobody is online, so a person answers later.
    assert.match(await waiting.innerText(), /A person will reply when the team is back/);
    const listed = await jane.inbox(token, 'waiting=true');
    assert.ok(listed.some((c) => c.id === chat), 'the operator sees a waiting visitor');
    await w.screenshot('waiting-for-person');
    await jane.act(token, chat, 'messages', { content: 'Jane here, sorry for the wait.' });
    await w.operatorMessages().last().waitFor({ timeout: 8000 });
    await waiting.waitFor({ state: 'detached', timeout: 8000 });
    await context.close();
  });

  it('shows a blocked visitor a notice and no composer, in a new chat too', async () => {
    const { context, w, chat } = await visitor();
    await jane.act(token, chat, 'block', {});
    await w.send('Hello?');
    const notice = w.page.getByTestId('blocked');
    await notice.waitFor({ timeout: 8000 });
    assert.match(await notice.innerText(), /no longer send messages/);
    assert.equal(await w.input.count(), 0, 'no composer');
    await w.screenshot('blocked');
    // A new conversation in the same browser stays blocked.
    await w.newChat();
    await notice.waitFor();
    await context.close();
  });

  it('gives a blocked visitor the composer back as soon as the block is lifted', async () => {
    const { context, w, chat } = await visitor();
    await jane.act(token, chat, 'block', { minutes: 60 });
    await w.send('Hello?');
    await w.page.getByTestId('blocked').waitFor({ timeout: 8000 });
    // A poll or two see the block first (a poll that sees one used to wait a minute for the next).
    await w.page.waitForTimeout(4000);
    await jane.call('DELETE', `/api/admin/bots/${token}/conversations/${chat}/block`);
    // The open panel's poll waits at the service while the visitor is blocked: no minute's wait.
    await w.input.waitFor({ timeout: 6000 });
    assert.equal(await w.page.getByTestId('blocked').count(), 0);
    await context.close();
  });

  it('shows a proactive message beside the closed launcher, then in the panel', async () => {
    const { context, w, chat } = await visitor();
    await w.page.getByTestId('close').click();
    await jane.act(token, chat, 'proactive', { content: 'Your order shipped today.' });
    // The next page loads only the launcher program: the loader finds the message.
    await w.goto(token);
    const nudge = w.page.getByTestId('nudge');
    await nudge.waitFor({ timeout: 10000 });
    assert.match(await nudge.innerText(), /Your order shipped today/);
    assert.equal(await w.page.getByTestId('unread').innerText(), '1');
    await w.screenshot('proactive-nudge');
    await nudge.getByRole('button', { name: /Your order shipped/ }).click();
    await w.panel.waitFor({ state: 'visible' });
    await w.operatorMessages().filter({ hasText: 'Your order shipped today.' }).waitFor();
    assert.equal(await w.page.getByTestId('nudge').count(), 0);
    await context.close();
  });
});
