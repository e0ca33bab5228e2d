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

  it('takes keys the moment it opens, before the app has arrived: what was typed stays, and Enter sends it', async () => {
    for (const enter of [false, true]) {
      const context = await browser().newContext();
      // The app's download is held back until the visitor has typed (a slow connection).
      let release;
      const typed = new Promise((resolve) => { release = resolve; });
      await context.route('**/pkg/app-*.wasm', async (route) => { await typed; await route.continue(); });
      const w = await WidgetPage.open(context, token);
      await w.waitForLauncher();
      await w.launcher.click();
      const frame = w.page.getByRole('dialog', { name: 'Harbor Lights' });
      await frame.waitFor();
      assert.equal(await w.page.getByTestId('frame').count(), 1, 'the launcher drew the panel frame');
      assert.equal(await w.focusedTestId(), 'input', 'its composer has focus');
      await w.page.keyboard.type('Do you ship to Canada?');
      if (enter) await w.page.keyboard.press('Enter');
      else await w.screenshot('panel-frame');
      release();
      await w.panel.waitFor({ state: 'visible' });
      assert.equal(await w.page.getByTestId('frame').count(), 0, 'the app took the frame\'s place');
      if (enter) {
        assert.match(await w.lastReplyText(), /Canada/);
        assert.equal(await w.userMessages().count(), 1, 'sent once');
        assert.equal(await w.input.inputValue(), '');
      } else {
        assert.equal(await w.input.inputValue(), 'Do you ship to Canada?');
        assert.equal(await w.userMessages().count(), 0, 'nothing sent without Enter');
        await w.page.waitForFunction(() => document.querySelector('porthole-widget').shadowRoot.activeElement?.dataset.testid === 'input');
      }
      await context.close();
    }
  });

  it('keeps every key typed at once after a click, when the app had arrived on hover', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    const arrived = w.page.waitForResponse((r) => /\/pkg\/app-.*\.wasm$/.test(r.url()));
    await w.launcher.hover();
    await arrived;
    // A slow phone: the app's mount takes a few frames while the visitor is typing.
    const cdp = await context.newCDPSession(w.page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await w.launcher.click();
    await w.page.keyboard.type('Do you ship to Canada?');
    await w.panel.waitFor({ state: 'visible' });
    assert.equal(await w.input.inputValue(), 'Do you ship to Canada?');
    await context.close();
  });

  it('closes the frame when the app cannot be downloaded, and the next click tries again', async () => {
    const context = await browser().newContext();
    let refused = 0;
    await context.route('**/pkg/app-*.wasm', (route) => (refused++ === 0 ? route.abort('connectionreset') : route.continue()));
    const w = await WidgetPage.open(context, token);
    w.errors.length = 0;
    await w.waitForLauncher();
    await w.launcher.click();
    await w.page.getByTestId('frame').waitFor({ state: 'detached' });
    assert.equal(await w.launcher.getAttribute('aria-busy'), 'false');
    await w.openByClick();
    assert.equal(refused, 2, 'the second click downloaded the app again');
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
