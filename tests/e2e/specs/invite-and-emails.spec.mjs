// An owner invites an operator by email on a deployment that sends none: the console says so and
// shows the link to pass on; the invited person opens it, chooses a name and password, and lands
// in the inbox signed in; a second use of the link is refused. On their profile they choose
// which emails they get (the page says this deployment sends none yet), and the choice stays.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { Console } from '../support/console.mjs';
import { ADMIN_TOKEN, createDemoBot } from '../support/servers.mjs';

describe('invitations and email settings', () => {
  const browser = useBrowser();

  it('an invited agent joins through the link and chooses their emails', async () => {
    const token = await createDemoBot({ bot_name: 'Invite Harbor' });
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    const owner = await Console.open(context);
    await owner.signInAsOwner(ADMIN_TOKEN);
    await owner.testId('nav-operators').click();
    const form = owner.testId('new-operator');
    await form.waitFor();
    await owner.page.getByLabel('Invite by email: they choose their own password').check();
    assert.equal(await owner.page.getByLabel('Password', { exact: true }).count(), 0, 'no password to choose for them');
    const address = `invited-${Date.now()}@example.test`;
    await owner.page.getByLabel('Name', { exact: true }).fill('Rita');
    await owner.page.getByLabel('Email', { exact: true }).fill(address);
    await form.locator(`[data-testid=new-bot][data-token="${token}"]`).check();
    await owner.testId('add-operator').click();
    const link = owner.testId('invite-link');
    await link.waitFor();
    assert.match(await form.innerText(), /This deployment sends no email: send .* the link below yourself/);
    await owner.screenshots('invite');
    const url = (await link.locator('code').innerText()).trim();
    assert.match(url, /\/console\/accept\?code=[0-9a-f]{32}&name=Rita$/);

    const theirs = await browser().newContext({ viewport: { width: 390, height: 844 } });
    const invited = await Console.open(theirs, url.slice(url.indexOf('/console')));
    await invited.testId('accept-form').waitFor();
    assert.equal(await invited.page.getByLabel('Your name').inputValue(), 'Rita');
    await invited.page.getByLabel('Your name').fill('Rita Moreno');
    await invited.page.getByLabel('Password', { exact: true }).fill('a long enough password');
    await invited.screenshots('accept');
    await invited.testId('accept').click();
    await invited.page.waitForURL(/\/console\/inbox$/);
    await invited.testId('signed-in-as').waitFor({ state: 'attached' });
    assert.match(await invited.testId('signed-in-as').textContent(), /Rita Moreno/);

    // The link works once.
    const again = await browser().newContext();
    const late = await Console.open(again, url.slice(url.indexOf('/console')));
    await late.page.getByLabel('Password', { exact: true }).fill('another long password');
    await late.testId('accept').click();
    await late.testId('accept-error').waitFor();
    assert.match(await late.testId('accept-error').innerText(), /unknown, used or expired/);
    await again.close();

    // Their emails: this deployment sends none yet, and the choice is kept.
    await invited.goto('/console/profile');
    const emails = invited.testId('emails-form');
    await emails.waitFor();
    await invited.testId('email-off').waitFor();
    assert.equal(await invited.page.getByLabel('A digest each morning').count(), 0, 'agents get no digest');
    const handoff = invited.page.getByLabel('A visitor asks for a person');
    assert.equal(await handoff.isChecked(), true);
    await handoff.uncheck();
    await invited.testId('save-emails').click();
    await emails.getByText('Saved.').waitFor();
    await invited.screenshots('profile-emails');
    await invited.page.reload();
    await invited.testId('emails-form').waitFor();
    await invited.page.waitForFunction(() => !document.querySelector('[data-testid=alert-handoff]').checked);
    assert.equal(await invited.page.getByLabel('A visitor leaves contact details').isChecked(), true);

    // The owner's list has them, with the bot.
    await owner.page.reload();
    await owner.testId('operators').getByText(address).waitFor();
    assert.deepEqual([...owner.errors, ...invited.errors], []);
    await theirs.close();
    await context.close();
  });
});
