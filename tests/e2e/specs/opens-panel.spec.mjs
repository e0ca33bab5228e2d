// The visitor opens the panel — by mouse or by keyboard — and closes it again; focus goes
// where a keyboard user expects it.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { createDemoBot } from '../support/servers.mjs';

describe('opening and closing the panel', () => {
  const browser = useBrowser();
  let token;
  before(async () => { token = await createDemoBot(); });

  it('opens on click as a labelled dialog with the welcome message, focus in the composer', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.openByClick();
    const dialog = w.page.getByRole('dialog', { name: 'Harbor Lights' });
    await dialog.waitFor();
    assert.equal(await w.launcher.getAttribute('aria-expanded'), 'true');
    assert.match(await w.page.getByTestId('welcome').innerText(), /Harbor Lights assistant/);
    await w.page.waitForFunction(() => document.querySelector('porthole-widget').shadowRoot.activeElement?.dataset.testid === 'input');
    await w.screenshot('open');
    await context.close();
  });

  it('opens and closes by keyboard alone: Tab, Enter, type, Escape', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    for (let i = 0; i < 12 && (await w.focusedTestId()) !== 'launcher'; i++) {
      await w.page.keyboard.press('Tab');
    }
    assert.equal(await w.focusedTestId(), 'launcher', 'the launcher is reachable with Tab');
    await w.page.keyboard.press('Enter');
    await w.panel.waitFor({ state: 'visible' });
    await w.page.waitForFunction(() => document.querySelector('porthole-widget').shadowRoot.activeElement?.dataset.testid === 'input');
    await w.page.keyboard.type('Do you ship to Canada?');
    await w.page.keyboard.press('Enter');
    assert.match(await w.lastReplyText(), /Canada/);
    await w.page.keyboard.press('Escape');
    await w.panel.waitFor({ state: 'hidden' });
    assert.equal(await w.focusedTestId(), 'launcher', 'focus returns to the launcher');
    assert.equal(await w.launcher.getAttribute('aria-expanded'), 'false');
    await context.close();
  });

  it('closes with its close button', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.openByClick();
    await w.page.getByRole('button', { name: 'Close chat' }).first().click();
    await w.panel.waitFor({ state: 'hidden' });
    assert.equal(await w.launcher.getAttribute('aria-label'), 'Open chat');
    await context.close();
  });
});
