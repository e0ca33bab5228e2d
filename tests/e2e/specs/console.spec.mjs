// The console (/console), as a site owner meets it on their first day: sign in, create a bot,
// change its colour and see the real widget in the preview change before saving, add
// knowledge and ask a test question, copy the snippet into a page of another site, where a
// visitor asks; the inbox shows the conversation live, the owner takes over and the visitor
// reads the reply; the statistics count the conversation. Then operators and sessions, and
// the bots list's pause and delete. Every page is saved in light and dark, laptop and phone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { Console } from '../support/console.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { chatIdOf } from '../support/operator.mjs';
import { ADMIN_TOKEN, API, SITE, admin, root } from '../support/servers.mjs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** Polls `read` until it returns `want` (or times out with what it last saw). */
async function until(read, want, what, ms = 8000) {
  let last;
  for (const end = Date.now() + ms; Date.now() < end;) {
    last = await read();
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(last, want, what);
}

const KNOWLEDGE = ['visit.md', 'shipping.md', 'beans.md', 'brewing.html'].map((f) => join(root, 'demo/knowledge', f));
const GIFT_CARDS = '## Gift cards\nGift cards are sold at the counter for 25, 50 or 100 dollars.';

describe('the console', () => {
  const browser = useBrowser();

  async function ownerConsole() {
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: API });
    const c = await Console.open(context);
    return { context, c };
  }

  it("carries an owner's whole first day, from sign-in to a visitor answered live", async () => {
    const { context, c } = await ownerConsole();
    await c.testId('login-form').waitFor();
    await c.screenshots('login');
    await c.signInAsOwner(ADMIN_TOKEN);
    await c.screenshots('bots');

    // A new bot, and its colour changed in the preview before it is saved.
    const token = await c.createBot('Tidewater Coffee', '#2563eb');
    await c.setField('stream_pace_ms', '0');
    await c.previewLauncher().waitFor();
    await until(() => c.previewLauncherColor(), 'rgb(37, 99, 235)', 'the preview shows the saved colour');
    await c.setField('primary_color', '#0f766e');
    await until(() => c.previewLauncherColor(), 'rgb(15, 118, 110)', 'the preview follows the edit');
    assert.equal((await admin('GET', `/api/admin/bots/${token}`)).config.primary_color, '#2563eb', 'not saved yet');
    // Leaving with the edit unsaved asks first, by a link and by the browser's Back button;
    // staying keeps the page, its address and the edit.
    const appearance = c.page.url();
    for (const leave of [() => c.tab('knowledge'), () => c.page.goBack()]) {
      await leave();
      const asked = c.testId('confirm-dialog');
      await asked.waitFor();
      assert.match(await asked.innerText(), /Leave without saving\?/);
      await asked.getByRole('button', { name: 'Cancel' }).click();
      await asked.waitFor({ state: 'detached' });
      assert.equal(c.page.url(), appearance, 'the address stays');
      assert.equal(await c.testId('primary_color').inputValue(), '#0f766e', 'the edit stays');
    }
    // A value the service would refuse is refused here, with its reason.
    await c.setField('primary_color', 'teal');
    await c.testId('primary_color-error').waitFor();
    await c.setField('primary_color', '#0f766e');
    await c.testId('primary_color-error').waitFor({ state: 'detached' });
    // Starters typed key by key, quicker than frames: the preview mounts the widget afresh for
    // each key, and one taken off the page before its next frame is no panic.
    await c.testId('starters').click();
    await c.page.keyboard.type('What are your hours?\nDo you ship?');
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(c.errors, [], 'the preview follows every key without an error');
    await c.save();
    const saved = (await admin('GET', `/api/admin/bots/${token}`)).config;
    assert.equal(saved.primary_color, '#0f766e');
    assert.equal(saved.stream_pace_ms, 0);
    await c.screenshots('appearance');

    // Knowledge, and a test question that shows where the answer came from.
    await c.tab('knowledge');
    await c.uploadFiles(KNOWLEDGE);
    await c.addDocument('Gift cards', GIFT_CARDS);
    assert.deepEqual((await c.documents().allInnerTexts()).map((t) => t.split('\t')[0].trim()),
      ['visit', 'shipping', 'beans', 'brewing', 'Gift cards']);
    const answer = await c.ask('When are you open on Saturday?');
    assert.match(answer.reply, /8am to 4pm/);
    assert.deepEqual([...new Set(answer.used)], ['visit'], 'the passages it drew on');
    assert.match(answer.judged, /Answered/);
    assert.match((await c.ask('Do you sell gift cards?')).reply, /25, 50 or 100 dollars/);
    const unknown = await c.ask('Do you sell bicycles?');
    assert.match(unknown.judged, /No answer in the knowledge/);
    // This service has no embeddings provider (no EMBEDDINGS_URL, no Workers AI): it says so.
    assert.match(await c.testId('retrieval').innerText(), /Found by words only: this service has no embeddings provider/);
    await c.screenshots('knowledge');
    // A document is opened, corrected in place, and answers with the correction.
    const gift = c.documents().filter({ hasText: 'Gift cards' });
    await gift.getByTestId('open-document').click();
    const editor = c.testId('document-editor');
    await c.testId('document-text').waitFor();
    assert.match(await c.testId('document-text').inputValue(), /25, 50 or 100 dollars/);
    await c.testId('document-text').fill(GIFT_CARDS.replace('25, 50 or 100', '20, 40 or 80'));
    await c.screenshots('document-editor');
    await c.testId('save-document').click();
    await editor.waitFor({ state: 'hidden' });
    assert.match((await c.ask('Do you sell gift cards?')).reply, /20, 40 or 80 dollars/);
    assert.equal(await c.documents().count(), 5);

    // The snippet, copied into a page of another site, where a visitor asks.
    await c.tab('appearance');
    const snippet = await c.copySnippet();
    assert.equal(snippet, `<script src="${API}/widget.js" data-token="${token}" defer></script>`);
    await c.openInbox();
    const visitorContext = await browser().newContext();
    const visitor = new WidgetPage(await visitorContext.newPage());
    await visitor.page.goto(`${SITE}/pasted?snippet=${encodeURIComponent(snippet)}`);
    await visitor.waitForLauncher();
    await visitor.openByClick();
    await visitor.send('What are your opening hours?');
    assert.match(await visitor.lastReplyText(), /7am to 6pm/);
    const chat = await chatIdOf(visitor.page, token);

    // The inbox shows it without a reload; the owner takes over and answers.
    const row = c.page.locator(`[data-testid=conversation][data-id="${chat}"]`);
    await row.waitFor({ timeout: 8000 });
    await row.locator('a').click();
    await c.testId('messages').getByText('What are your opening hours?').waitFor();
    await c.takeOver();
    const shown = 'Hello from Tidewater: we also open on holidays.';
    await c.reply('Hello from **Tidewater**: we also open on [holidays](https://example.com/holidays).', shown);
    const fromOwner = visitor.operatorMessages().filter({ hasText: 'we also open on holidays' });
    await fromOwner.waitFor({ timeout: 10000 });
    // The console shows the Markdown as the widget does, not its source.
    const written = c.testId('messages').locator('[data-role=operator] [data-testid=message-text]');
    await written.locator('strong', { hasText: 'Tidewater' }).waitFor();
    assert.equal(await written.locator('a').getAttribute('href'), 'https://example.com/holidays');
    assert.equal(await written.locator('a').getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await written.innerText(), shown);
    // The visitor's next message arrives in the open conversation live.
    await visitor.send('Great, thank you!');
    await c.testId('messages').getByText('Great, thank you!').waitFor({ timeout: 8000 });
    await c.screenshots('inbox');
    // Resolved, it says so: in the header, with a badge in the list, and under its filter,
    // which (like the bot chosen) holds while a conversation is open.
    await c.testId('hand-back').click();
    await c.testId('resolve').click();
    await c.testId('conversation-resolved').waitFor();
    await row.getByTestId('resolved-badge').waitFor();
    await c.testId('filter-resolved').click();
    await row.waitFor();
    await row.locator('a').click();
    await c.testId('conversation-resolved').waitFor();
    assert.match(c.page.url(), /show=resolved/);
    await c.screenshots('inbox-resolved');

    // The statistics count the conversation.
    await c.goto(`/console/bots/${token}/statistics`);
    assert.equal(await c.totalConversations(), 1);
    await c.screenshots('statistics');
    await c.tab('ai');
    await c.testId('test-ai').click();
    await c.testId('test-reply').waitFor();
    assert.match(await c.testId('test-reply').innerText(), /7am to 6pm/);
    await c.screenshots('ai');
    await c.tab('api');
    await c.testId('key-name').fill('CRM');
    await c.testId('create-key').click();
    assert.match(await c.testId('new-key-value').innerText(), /^phk_[0-9a-f]{32}$/);
    await c.screenshots('api');
    assert.deepEqual([...c.errors, ...visitor.errors], []);
    await visitorContext.close();
    await context.close();
  });

  it('turns a reply into a curated answer from the inbox in two clicks, which the bot gives from then on', async () => {
    const { token } = await admin('POST', '/api/admin/bots', { bot_name: 'Harbor Lights', stream_pace_ms: 0 });
    await admin('POST', `/api/admin/bots/${token}/documents`, { title: 'Returns', url: 'https://harbor.test/returns',
      text: '## Returns\nUnopened bags can be returned within 30 days of delivery for a full refund.' });
    const visitorContext = await browser().newContext();
    const visitor = await WidgetPage.open(visitorContext, token);
    await visitor.waitForLauncher();
    await visitor.openByClick();
    const question = 'Can I return an opened bag?';
    await visitor.send(question);
    const first = await visitor.lastReplyText();

    const { context, c } = await ownerConsole();
    await c.signInAsOwner(ADMIN_TOKEN);
    await c.openInbox();
    const chat = await chatIdOf(visitor.page, token);
    await c.page.locator(`[data-testid=conversation][data-id="${chat}"] a`).click();
    // Click one: the form opens with the visitor's question and the reply to correct.
    await c.testId('messages').locator('[data-role=assistant] [data-testid=improve-answer]').click();
    const dialog = c.testId('improve-dialog');
    await dialog.waitFor();
    assert.equal(await c.testId('answer-questions').inputValue(), question);
    assert.equal((await c.testId('answer-text').inputValue()).trim(), first.split('\nSources')[0].trim());
    const corrected = 'Yes: an opened bag you did not like can be **exchanged once**, within 14 days.';
    await c.testId('answer-text').fill(corrected);
    await c.testId('answer-questions').fill(`${question}\nDo you take back opened coffee?`);
    await c.page.screenshot({ path: join(root, 'tests/artifacts/console-improve-answer.png') });
    // Click two.
    await c.testId('save-answer').click();
    await dialog.waitFor({ state: 'hidden' });
    await c.page.getByText('Curated answer saved').waitFor();

    // The visitor asking it again, in either wording, gets the answer as written.
    await visitor.send('do you take back opened coffee?');
    await visitor.replies().last().locator('strong', { hasText: 'exchanged once' }).waitFor();
    assert.match(await visitor.lastReplyText(), /exchanged once, within 14 days/);

    // The Knowledge tab lists it; an edit holds at once.
    await c.goto(`/console/bots/${token}/knowledge`);
    const item = c.testId('answer');
    await item.waitFor();
    assert.equal(await item.getByTestId('answer-question').innerText(), question);
    assert.match(await item.innerText(), /and 1 other wording/);
    // The question tester says the answer was the curated one.
    const tried = await c.ask(question);
    assert.match(tried.reply, /exchanged once/);
    assert.match(tried.judged, /curated answer/);
    await c.testId('curated-badge').first().waitFor();
    await c.screenshots('answers');
    await item.getByTestId('edit-answer').click();
    await c.testId('answer-text').fill('Opened bags can be exchanged once, within 30 days.');
    await c.testId('save-answer').click();
    await item.getByTestId('answer-text').filter({ hasText: 'within 30 days' }).waitFor();
    await visitor.send(question);
    await visitor.replies().last().getByText('within 30 days').waitFor();
    assert.deepEqual([...c.errors, ...visitor.errors], []);
    await visitorContext.close();
    await context.close();
  });

  it('lists what the bot could not answer, grouped, and one answer written there closes it', async () => {
    const { token } = await admin('POST', '/api/admin/bots', { bot_name: 'Harbor Lights', stream_pace_ms: 0 });
    await admin('POST', `/api/admin/bots/${token}/documents`, { title: 'Visit us', url: 'https://harbor.test/visit',
      text: '## Opening hours\nMonday to Friday: 7am to 6pm.' });
    const visitorContext = await browser().newContext();
    const visitor = await WidgetPage.open(visitorContext, token);
    await visitor.waitForLauncher();
    await visitor.openByClick();
    await visitor.send('Do you sell gift vouchers?');
    await visitor.lastReplyText();
    await visitor.send('do you sell gift vouchers');
    await visitor.lastReplyText();

    const { context, c } = await ownerConsole();
    await c.signInAsOwner(ADMIN_TOKEN);
    await c.goto(`/console/bots/${token}/unanswered`);
    const gap = c.testId('gap');
    await until(async () => {
      await c.page.reload();
      await c.testId('gaps').waitFor();
      return gap.count();
    }, 1, 'one group of two wordings', 10000);
    assert.equal(await gap.getByTestId('gap-question').innerText(), 'do you sell gift vouchers');
    assert.match(await gap.getByTestId('gap-count').innerText(), /Asked 2 times/);
    assert.match(await gap.getByTestId('open-conversation').getAttribute('href'), new RegExp(`^/console/inbox/${token}/web_`));
    await c.screenshots('unanswered');
    await gap.getByTestId('write-answer').click();
    assert.equal(await c.testId('answer-questions').inputValue(), 'do you sell gift vouchers\nDo you sell gift vouchers?');
    await c.testId('answer-text').fill('Yes: gift vouchers of 25, 50 or 100 euros, at the counter.');
    await c.testId('save-answer').click();
    await c.page.getByText('Nothing unanswered').waitFor();
    await visitor.send('Do you sell gift vouchers?');
    await visitor.replies().last().getByText('gift vouchers of 25, 50 or 100 euros').waitFor();
    assert.deepEqual([...c.errors, ...visitor.errors], []);
    await visitorContext.close();
    await context.close();
  });

  it('takes a PDF and a Word file made by LibreOffice, and answers from them with their page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'porthole-files-'));
    writeFileSync(join(dir, 'Staff handbook.html'), '<html><body><h1>Staff handbook</h1><h2>Opening hours</h2>'
      + '<p>We open at 8am on weekends.</p><h2 style="page-break-before: always">Returns</h2>'
      + '<p>Unopened bags can be returned within 30 days.</p></body></html>');
    writeFileSync(join(dir, 'Price list.html'), '<html><body><h1>Price list</h1><table border="1"><tr><th>Coffee</th><th>Price</th></tr>'
      + '<tr><td>Harbor Blend</td><td>10.00</td></tr></table></body></html>');
    for (const [name, filter] of [['Staff handbook', 'pdf'], ['Price list', 'docx:MS Word 2007 XML']]) {
      execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--infilter=HTML (StarWriter)',
        '--convert-to', filter, '--outdir', dir, join(dir, `${name}.html`)], { stdio: 'ignore' });
    }
    const { token } = await admin('POST', '/api/admin/bots', { bot_name: 'Harbor Files', stream_pace_ms: 0 });
    const { context, c } = await ownerConsole();
    await c.signInAsOwner(ADMIN_TOKEN);
    await c.goto(`/console/bots/${token}/knowledge`);
    await c.uploadFiles([join(dir, 'Staff handbook.pdf'), join(dir, 'Price list.docx')]);
    const rows = (await c.documents().allInnerTexts()).map((t) => t.split('\t').slice(0, 2).map((x) => x.trim()));
    assert.deepEqual(rows, [['Staff handbook', 'pdf'], ['Price list', 'docx']]);
    const returns = await c.ask('Can unopened bags be returned?');
    assert.match(returns.reply, /30 days/);
    assert.deepEqual([...new Set(returns.used)], ['Staff handbook, page 2']);
    assert.match((await c.ask('How much is the Harbor Blend?')).reply, /10\.00/);
    await c.screenshots('knowledge-files');
    assert.deepEqual(c.errors, []);
    rmSync(dir, { recursive: true, force: true });
    await context.close();
  });

  it('adds an agent, who signs in to the bots they were given; an ended session says so', async () => {
    const { token } = await admin('POST', '/api/admin/bots', { bot_name: 'Agent Desk' });
    const { context, c } = await ownerConsole();
    await c.signInAsOwner(ADMIN_TOKEN);
    await c.testId('nav-operators').click();
    const email = `agent-${Date.now()}@example.com`;
    await c.testId('op-name').fill('Ana');
    await c.testId('op-email').fill(email);
    await c.testId('op-password').fill('short');
    await c.testId('op-password-error').waitFor();
    await c.testId('op-password').fill('correct horse battery');
    await c.page.locator(`[data-testid=new-bot][data-token="${token}"]`).check();
    await c.testId('add-operator').click();
    await c.page.locator(`[data-testid=operator][data-email="${email}"]`).waitFor();
    await c.screenshots('operators');
    await c.signOut();

    await c.signInAs(email, 'correct horse battery');
    assert.equal(await c.testId('signed-in-as').innerText(), 'Ana');
    // The agent says how visitors see them.
    await c.testId('signed-in-as').click();
    await c.testId('profile-page').waitFor();
    await c.testId('profile-name').fill('Ana from Agent Desk');
    await c.testId('save-profile').click();
    await c.page.getByText('Saved: your next replies show this name.').waitFor();
    assert.equal(await c.testId('signed-in-as').innerText(), 'Ana from Agent Desk');
    await c.screenshots('profile');
    await c.testId('nav-bots').click();
    assert.equal(await c.testId('nav-operators').count(), 0, 'agents manage no operators');
    // The list loads after the sign-in: wait for it before reading it whole.
    await c.testId('bot-card').first().waitFor();
    const bots = await c.testId('bot-card').allInnerTexts();
    assert.deepEqual(bots.map((b) => b.split('\n')[0].trim()), ['Agent Desk'], 'only the bots given');

    // The service stops accepting the session: the console says so on the sign-in page.
    await c.page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('porthole:console:session'));
      s.credential = 'eyJhbGciOiJIUzI1NiJ9.e30.invalid';
      localStorage.setItem('porthole:console:session', JSON.stringify(s));
    });
    await c.page.reload();
    await c.testId('session-notice').waitFor();
    assert.match(await c.testId('session-notice').innerText(), /session has ended/);
    assert.deepEqual(c.errors, []);
    await context.close();
  });

  it('pauses a bot and deletes it only after a confirmation that names it', async () => {
    const { token } = await admin('POST', '/api/admin/bots', { bot_name: 'Short Lived' });
    const { context, c } = await ownerConsole();
    await c.signInAsOwner(ADMIN_TOKEN);
    const card = c.botCard('Short Lived');
    await card.getByTestId('toggle-bot').click();
    await card.getByTestId('bot-state').filter({ hasText: 'Paused' }).waitFor();
    assert.equal((await admin('GET', `/api/admin/bots/${token}`)).config.enabled, false);
    await card.getByTestId('delete-bot').click();
    const dialog = card.getByTestId('confirm-dialog');
    assert.equal(await dialog.getByTestId('confirm').innerText(), 'Delete Short Lived');
    await c.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await card.count(), 1, 'Esc keeps it');
    await card.getByTestId('delete-bot').click();
    await dialog.getByTestId('confirm').click();
    await card.waitFor({ state: 'detached' });
    const list = await admin('GET', '/api/admin/bots');
    assert.ok(!list.bots.some((b) => b.token === token));
    await context.close();
  });

  it('tells the operator, by a tone and a notification, that a visitor asks for a person', async () => {
    const { token } = await admin('POST', '/api/admin/bots', { bot_name: 'Night Desk' });
    // Someone can answer this bot, so visitors may ask for a person.
    await admin('POST', '/api/admin/operators', { name: 'Nia', email: `nia-${Date.now()}@example.com`, password: 'correct horse battery', bots: [token] });
    const { context, c } = await ownerConsole();
    // The browser's notifications and sound, recorded at their own interfaces.
    await context.addInitScript(() => {
      window.shown = [];
      window.chimes = 0;
      window.Notification = class {
        static permission = 'default';
        static requestPermission() { window.Notification.permission = 'granted'; return Promise.resolve('granted'); }
        constructor(title, options) { window.shown.push({ title, body: options?.body }); }
      };
      const Real = window.AudioContext;
      window.AudioContext = class extends Real {
        createOscillator() { window.chimes += 1; return super.createOscillator(); }
      };
    });
    await c.page.reload();
    await c.signInAsOwner(ADMIN_TOKEN);
    await c.openInbox();
    await c.testId('allow-notifications').click();
    await c.testId('allow-notifications').waitFor({ state: 'detached' });

    const chat = `web_${crypto.randomUUID().replaceAll('-', '')}`;
    const say = await fetch(`${API}/api/widget/message`, { method: 'POST', body: JSON.stringify({ token, message: 'Is anyone there?', chat_id: chat }) });
    assert.equal(say.status, 200);
    const asked = await fetch(`${API}/api/v1/chat/handoff`, { method: 'POST', body: JSON.stringify({ site_key: token, session_id: chat }) });
    assert.equal(asked.status, 200, await asked.text());

    await c.testId('waiting-count').filter({ hasText: '1' }).waitFor({ timeout: 8000 });
    const row = c.page.locator(`[data-testid=conversation][data-id="${chat}"]`);
    await row.getByTestId('waiting').waitFor();
    const shown = await c.page.evaluate(() => window.shown);
    assert.deepEqual(shown.map((n) => n.title), ['Night Desk: a visitor asks for a person']);
    assert.ok(await c.page.evaluate(() => window.chimes) > 0, 'a tone');
    // Taken over, it waits no more.
    await row.locator('a').click();
    await c.takeOver();
    await c.testId('waiting-count').waitFor({ state: 'detached', timeout: 8000 });
    assert.deepEqual(c.errors, []);
    await context.close();
  });
});
