// An owner and two agents run a bot for a day through the console alone, on a server of its own
// that sends email (`EMAIL_FROM`: `wrangler dev` simulates the `send_email` binding and logs each
// message), with alerts held 1.5 s (`ALERT_DELAY_MS`) and a visitor counted as gone 4 s after
// their widget last checked in (`VISITOR_PRESENT_MS`):
// - the owner gives their address and invites Ana and Bo by email; each joins through the link
//   in their email;
// - morning: Ana has the inbox open; a visitor asks for a person; Ana takes over and answers in
//   the widget; nobody is emailed;
// - evening: everyone has gone; Kim asks for a person, the widget asks for her address (nobody is
//   online), she leaves it and goes: Ana, Bo and the owner are emailed once each; Bo signs in the next morning and answers: the
//   console says it went by email; Kim answers by email; Bo's inbox shows it, and Kim's widget
//   shows the whole exchange on her next visit;
// - the owner's morning digest counts the day.
// Every visitor who asked for a person got an answer, and every email that went out is one of
// those, and no other.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { useBrowser } from '../support/browser.mjs';
import { Console } from '../support/console.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { ADMIN_TOKEN, JWT_SECRET } from '../support/servers.mjs';
import { startHostSite } from '../support/host-site.mjs';
import { startWrangler } from '../support/wrangler.mjs';
import { chatIdOf } from '../support/operator.mjs';

const FROM = 'support@harbor.test';
const BOSS = 'boss@harbor.test';
const ANA = 'ana@harbor.test';
const BO = 'bo@harbor.test';
const KIM = 'kim@example.com';
const PASSWORD = 'a long enough password';
const LAPTOP = { viewport: { width: 1280, height: 800 } };

/** The emails wrangler simulated so far: { to, subject, text }, oldest first. */
function sentMail(logFile) {
  return readFileSync(logFile, 'utf8')
    .split('send_email binding called with MessageBuilder:')
    .slice(1)
    .map((block) => {
      const head = block.split('\n').slice(0, 8).map((l) => l.trim());
      const field = (name) => head.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2).trim() ?? '';
      const path = field('Text');
      let text = '';
      try { text = path ? readFileSync(path, 'utf8') : ''; } catch {}
      return { to: field('To'), subject: field('Subject'), text };
    });
}

describe('a day of an owner and two agents', () => {
  const browser = useBrowser();
  const logFile = join(tmpdir(), `porthole-a-day-${process.pid}.log`);
  let server;
  let site;
  let log;
  before(async () => {
    log = openSync(logFile, 'w');
    server = await startWrangler(
      { ADMIN_TOKEN, JWT_SECRET, EMAIL_FROM: FROM, ALERT_DELAY_MS: '1500', VISITOR_PRESENT_MS: '4000' },
      { logLevel: 'info', stdio: log },
    );
    site = await startHostSite(server.url);
  });
  after(async () => {
    site?.close();
    await server?.stop();
    closeSync(log);
    if (!process.env.KEEP_LOG) rmSync(logFile, { force: true });
  });

  const mails = () => sentMail(logFile);
  /** Waits until `n` emails went out in all, then a moment more so a stray one would show. */
  async function emails(n) {
    for (let i = 0; i < 100 && mails().length < n; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    const all = mails();
    assert.equal(all.length, n, JSON.stringify(all.map(({ to, subject }) => [to, subject])));
    return all;
  }
  const pause = (ms) => new Promise((r) => setTimeout(r, ms));

  /** An invited person opens the link in their email and joins; their console, in the inbox. */
  async function accept(mail, name) {
    const link = mail.text.match(/https?:\/\/\S+\/console\/accept\?\S+/)?.[0];
    assert.ok(link, mail.text);
    const context = await browser().newContext(LAPTOP);
    const c = await Console.open(context, link.slice(link.indexOf('/console')), server.url);
    await c.testId('accept-form').waitFor();
    await c.page.getByLabel('Your name').fill(name);
    await c.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await c.testId('accept').click();
    await c.page.waitForURL(/\/console\/inbox$/);
    return { context, c };
  }

  it('every visitor who asked for a person is answered, and every email was wanted', async () => {
    // The owner sets up: a bot, their address for alerts and the digest, two agents invited.
    const ownerContext = await browser().newContext(LAPTOP);
    const owner = await Console.open(ownerContext, '/console', server.url);
    await owner.signInAsOwner(ADMIN_TOKEN);
    const token = await owner.createBot('Harbor', '#0f766e');
    await owner.goto('/console/profile');
    await owner.testId('emails-form').waitFor();
    assert.equal(await owner.testId('email-off').count(), 0, 'this deployment sends email');
    await owner.page.getByLabel('Your email').fill(BOSS);
    await owner.testId('save-emails').click();
    await owner.testId('emails-form').getByText('Saved.').waitFor();
    await owner.testId('nav-operators').click();
    const form = owner.testId('new-operator');
    for (const [name, address] of [['Ana', ANA], ['Bo', BO]]) {
      await owner.page.getByLabel('Invite by email: they choose their own password').check();
      await owner.page.getByLabel('Name', { exact: true }).fill(name);
      await owner.page.getByLabel('Email', { exact: true }).fill(address);
      await form.locator(`[data-testid=new-bot][data-token="${token}"]`).check();
      await owner.testId('add-operator').click();
      await form.getByText(`Invitation emailed to ${address}.`).waitFor();
    }
    const invites = await emails(2);
    assert.deepEqual(invites.map((m) => m.to), [ANA, BO]);
    const { context: anaContext, c: ana } = await accept(invites[0], 'Ana Lima');
    const { context: boContext } = await accept(invites[1], 'Bo Berg');
    await boContext.close(); // Bo is off today
    await ownerContext.close(); // so is the owner, until the evening

    // Morning: Ana has the inbox open. A visitor asks for a person; Ana answers in the widget.
    const morning = await browser().newContext();
    const lee = await WidgetPage.open(morning, token, {}, site.origin);
    await lee.waitForLauncher();
    await lee.openByClick();
    await lee.send('Do you repair bikes on site?');
    await lee.lastReplyText();
    await lee.page.getByTestId('available').waitFor();
    await lee.page.getByTestId('talk-to-person').click();
    await lee.page.getByTestId('waiting').waitFor();
    assert.match(await lee.page.getByTestId('waiting').innerText(), /Someone from the team will answer here/);
    assert.equal(await lee.page.getByTestId('lead-form').count(), 0, 'Ana is here: no form');
    const leeChat = await chatIdOf(lee.page, token);
    await ana.openInbox();
    const waiting = ana.testId('conversation').and(ana.page.locator(`[data-id="${leeChat}"]`));
    await waiting.waitFor();
    await waiting.click();
    await ana.takeOver();
    await ana.reply('Hi, Ana here: yes, we come to you on weekdays.');
    await lee.operatorMessages().filter({ hasText: 'we come to you on weekdays' }).waitFor({ timeout: 10000 });
    await pause(3000); // past the alert's delay: still nobody emailed
    assert.equal(mails().length, 2, 'Ana saw it: no email');
    await morning.close();
    await anaContext.close();
    // The widget's config says nobody is online once the hub saw Ana go (and an isolate's
    // five-second cache of it passed).
    for (let i = 0; i < 60; i++) {
      const config = await (await fetch(`${server.url}/api/widget/config?token=${token}`)).json();
      if (!config.available) break;
      await pause(500);
    }

    // Evening, nobody online: Kim asks for a person; the widget asks where a person may answer
    // her; she leaves her address and goes.
    const evening = await browser().newContext();
    const kim = await WidgetPage.open(evening, token, {}, site.origin);
    await kim.waitForLauncher();
    await kim.openByClick();
    assert.equal(await kim.page.getByTestId('available').count(), 0, 'nobody is online');
    await kim.send('Can someone check my order 4471?');
    await kim.lastReplyText();
    await kim.page.getByTestId('talk-to-person').click();
    const leave = kim.page.getByTestId('lead-form');
    await leave.waitFor();
    assert.match(await leave.innerText(), /Nobody is here right now/);
    await kim.page.getByTestId('waiting').waitFor();
    assert.match(await kim.page.getByTestId('waiting').innerText(), /A person will reply when the team is back/);
    await kim.page.getByTestId('lead-email').fill(KIM);
    await kim.page.getByTestId('lead-text').fill('Kim');
    await leave.getByRole('button', { name: 'Send' }).click();
    await kim.page.getByTestId('lead-thanks').waitFor();
    await kim.screenshot('a-day-nobody-online');
    const kimChat = await chatIdOf(kim.page, token);
    await kim.page.close();
    const alerts = (await emails(5)).slice(2);
    assert.deepEqual(alerts.map((m) => m.to).sort(), [ANA, BO, BOSS].sort());
    for (const m of alerts) {
      assert.equal(m.subject, `Harbor: Kim <${KIM}> is waiting for a person`);
      assert.match(m.text, /Can someone check my order 4471\?/);
      assert.match(m.text, new RegExp(`Answer in the inbox: ${server.url}/console/inbox/${token}/`));
    }

    // Next morning Bo signs in from the alert's link and answers: Kim has gone, so by email.
    const bo = await Console.open(await browser().newContext(LAPTOP), alerts.find((m) => m.to === BO).text
      .match(/\/console\/inbox\/\S+/)[0], server.url);
    await bo.signInAs(BO, PASSWORD);
    await bo.openInbox();
    await bo.page.locator(`[data-testid=conversation][data-id="${kimChat}"]`).click();
    await bo.reply('Hi Kim, order 4471 leaves our workshop today.');
    await bo.page.getByText(`your reply was emailed to ${KIM} too`).waitFor();
    await bo.screenshots('reply-emailed');
    const [answer] = (await emails(6)).slice(5);
    assert.equal(answer.to, KIM);
    assert.equal(answer.subject, 'Harbor: a reply to your question');
    assert.match(answer.text, /order 4471 leaves our workshop today/);

    // Kim answers by email, to the conversation's reply address; Bo sees it come in.
    const id = answer.text.match(/\/api\/email\/unsubscribe\?t=([0-9a-f]{32})/)[1];
    const replyTo = `support+r${id}@harbor.test`;
    const raw = [`From: Kim <${KIM}>`, `To: ${replyTo}`, 'Subject: Re: Harbor', `Message-ID: <k1-${id}@mail.test>`,
      'Date: Tue, 8 Dec 2026 08:00:00 +0000', 'Content-Type: text/plain; charset=utf-8', '',
      'Great, thank you!', '', `On Tue, 8 Dec 2026, Harbor <${FROM}> wrote:`, '> Hi Kim, order 4471 leaves our workshop today.', ''].join('\r\n');
    const delivered = await fetch(`${server.url}/cdn-cgi/handler/email?from=${encodeURIComponent(KIM)}&to=${encodeURIComponent(replyTo)}`,
      { method: 'POST', body: raw });
    assert.ok(delivered.ok, `${delivered.status} ${await delivered.text()}`);
    await bo.testId('message-text').filter({ hasText: /^Great, thank you!$/ }).waitFor({ timeout: 10000 });
    await bo.page.context().close();

    // Kim's next visit: the panel opens as she left it, with the whole exchange, and Bo answers.
    const back = await WidgetPage.open(evening, token, {}, site.origin);
    await back.panel.waitFor({ state: 'visible' });
    await back.operatorMessages().filter({ hasText: 'order 4471 leaves our workshop today' }).waitFor({ timeout: 10000 });
    await back.userMessages().filter({ hasText: /^Great, thank you!$/ }).waitFor();
    await back.page.getByTestId('talking-to-person').waitFor({ timeout: 10000 });
    assert.equal(await back.page.getByTestId('bot-name').innerText(), 'Bo Berg', 'Bo answers her now');
    await back.page.waitForTimeout(400); // the panel's opening transition
    await back.screenshot('a-day-email-answer-in-widget');
    await evening.close();

    // The owner's digest.
    const ran = await fetch(`${server.url}/__scheduled?cron=0+7+*+*+*`);
    assert.ok(ran.ok, `${ran.status}`);
    const [digest] = (await emails(7)).slice(6);
    assert.equal(digest.to, BOSS);
    assert.match(digest.subject, /^Your bots' day: /);
    assert.match(digest.text, /Harbor: 2 conversations, 2 asked for a person/);

    // Every email that went out, and nothing else.
    assert.deepEqual(mails().map(({ to, subject }) => [to, subject.replace(/^Your bots' day: .*/, 'digest')]), [
      [ANA, invites[0].subject],
      [BO, invites[1].subject],
      ...alerts.map((m) => [m.to, m.subject]),
      [KIM, 'Harbor: a reply to your question'],
      [BOSS, 'digest'],
    ]);
    assert.match(invites[0].subject, /invites you to their Porthole inbox/);
    assert.deepEqual([...ana.errors, ...bo.errors, ...lee.errors, ...kim.errors, ...back.errors], []);
  });
});
