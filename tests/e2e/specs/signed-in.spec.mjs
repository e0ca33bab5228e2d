// Signed-in visitors, as an owner sets them up and a shop's customer meets them: the console's
// API tab makes the identity secret (shown once); the host page calls Porthole('identify', …)
// with the HMAC its server made; the customer writes on one device and finds the conversation on
// another; the inbox shows them as verified; a page with a forged hash gets nothing of it;
// Porthole('logout') starts a fresh anonymous conversation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { useBrowser } from '../support/browser.mjs';
import { Console } from '../support/console.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { chatIdOf } from '../support/operator.mjs';
import { ADMIN_TOKEN, createDemoBot } from '../support/servers.mjs';

describe('signed-in visitors', () => {
  const browser = useBrowser();

  it('follow a verified customer across devices and show them as verified', async () => {
    const token = await createDemoBot({ stream_pace_ms: 0 });
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    const c = await Console.open(context);
    await c.signInAsOwner(ADMIN_TOKEN);
    await c.goto(`/console/bots/${token}/api`);
    await c.testId('identity-on').click();
    const secret = await c.testId('identity-secret').innerText();
    assert.match(secret, /^[0-9a-f]{64}$/);
    await c.testId('identity-state').waitFor();
    await c.testId('identity').scrollIntoViewIfNeeded();
    await c.screenshots('identity');

    const userId = `cust-${Date.now()}`;
    const user = { user_id: userId, name: 'Ann Lee', email: 'ann@example.com', user_hash: createHmac('sha256', secret).update(userId).digest('hex') };
    const signIn = (w, u) => w.page.evaluate((u) => Porthole('identify', u), u);

    const laptop = await WidgetPage.open(await browser().newContext(), token);
    await laptop.waitForLauncher();
    await signIn(laptop, user);
    await laptop.openByClick();
    await laptop.send('Do you ship to Canada?');
    assert.match(await laptop.lastReplyText(), /Canada/);

    const phone = await WidgetPage.open(await browser().newContext({ viewport: { width: 390, height: 844 } }), token);
    await phone.waitForLauncher();
    await signIn(phone, user);
    await phone.openByClick();
    await phone.userMessages().filter({ hasText: 'Do you ship to Canada?' }).waitFor();
    await phone.page.screenshot({ path: new URL('../../artifacts/widget-signed-in-phone.png', import.meta.url).pathname });

    const forger = await WidgetPage.open(await browser().newContext(), token);
    await forger.waitForLauncher();
    await signIn(forger, { ...user, user_hash: createHmac('sha256', 'guess').update(userId).digest('hex') });
    await forger.openByClick();
    await forger.page.waitForTimeout(500);
    assert.equal(await forger.userMessages().count(), 0, 'a forged hash shows nothing of the conversation');
    assert.ok(forger.errors.some((e) => e.includes('identify refused')), forger.errors.join('\n'));

    await c.openInbox();
    const chat = await chatIdOf(laptop.page, token);
    assert.equal(await chatIdOf(phone.page, token), chat, 'one conversation on both devices');
    await c.page.locator(`[data-testid=conversation][data-id="${chat}"] a`).click();
    await c.testId('verified').waitFor();
    assert.match(await c.testId('verified').innerText(), new RegExp(`Verified[\\s\\S]*${userId}`));
    assert.match(await c.testId('contact').innerText(), /Ann Lee[\s\S]*ann@example\.com/);
    await c.screenshots('inbox-verified');

    await phone.page.evaluate(() => Porthole('logout'));
    await phone.page.waitForFunction(() => document.querySelector('porthole-widget').shadowRoot.querySelectorAll('[data-testid="message"][data-role="user"]').length === 0);
    assert.equal(await phone.page.evaluate((t) => localStorage.getItem(`porthole:${t}:chat`), token), null);
    for (const w of [laptop, phone]) assert.deepEqual(w.errors, []);
    await context.close();
  });
});
