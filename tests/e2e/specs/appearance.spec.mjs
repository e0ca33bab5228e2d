// The widget looks the way the site owner configured it — color, corner, light or dark,
// seed 004's theme — and the host page's own CSS changes none of it. Phones get a full screen.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { createDemoBot } from '../support/servers.mjs';

describe('appearance', () => {
  const browser = useBrowser();
  let token;
  before(async () => { token = await createDemoBot(); });

  it('follows the configured color and corner, with readable text on the brand color', async () => {
    const blue = await createDemoBot({ primary_color: '#3854d8', position: 'tl' });
    const yellow = await createDemoBot({ primary_color: '#ffeb3b', position: 'bl' });
    const context = await browser().newContext({ viewport: { width: 1280, height: 720 } });
    const w = await WidgetPage.open(context, blue);
    await w.waitForLauncher();
    assert.equal(await w.styleOf('.ph-launcher', 'background-color'), 'rgb(56, 84, 216)');
    assert.equal(await w.styleOf('.ph-launcher', 'color'), 'rgb(255, 255, 255)');
    let box = await w.launcher.boundingBox();
    assert.ok(box.x < 100 && box.y < 100, `top-left: ${JSON.stringify(box)}`);
    await w.goto(yellow);
    await w.waitForLauncher();
    assert.equal(await w.styleOf('.ph-launcher', 'background-color'), 'rgb(255, 235, 59)');
    assert.equal(await w.styleOf('.ph-launcher', 'color'), 'rgb(17, 24, 39)', 'dark icon on yellow');
    box = await w.launcher.boundingBox();
    assert.ok(box.x < 100 && box.y > 600, `bottom-left: ${JSON.stringify(box)}`);
    await w.openByClick();
    assert.equal(await w.styleOf('.ph-header', 'background-color'), 'rgb(255, 235, 59)');
    await context.close();
  });

  it('lets the tag override the corner', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 720 } });
    const w = await WidgetPage.open(context, token, { position: 'tr' });
    await w.waitForLauncher();
    const box = await w.launcher.boundingBox();
    assert.ok(box.x > 1100 && box.y < 100, `top-right: ${JSON.stringify(box)}`);
    await context.close();
  });

  it('honours seed 004 theme colors and goes dark when the visitor\'s system is dark', async () => {
    const themed = await createDemoBot({
      theme: { primaryColor: '#3854d8', dialogColor: '#ddeaf6', navbarTextColor: '#ffffff' },
      darkTheme: { primaryColor: '#8ab4f8' },
    });
    const light = await browser().newContext({ colorScheme: 'light' });
    let w = await WidgetPage.open(light, themed);
    await w.waitForLauncher();
    await w.openByClick();
    await w.send('Is there parking?');
    await w.lastReplyText();
    assert.equal(await w.styleOf('[data-role="assistant"]', 'background-color'), 'rgb(221, 234, 246)');
    assert.equal(await w.styleOf('.ph-panel', 'background-color'), 'rgb(255, 255, 255)');
    await light.close();

    const dark = await browser().newContext({ colorScheme: 'dark' });
    w = await WidgetPage.open(dark, themed);
    await w.waitForLauncher();
    assert.equal(await w.styleOf('.ph-launcher', 'background-color'), 'rgb(138, 180, 248)');
    await w.openByClick();
    await w.send('Is there parking?');
    await w.lastReplyText();
    assert.equal(await w.styleOf('.ph-panel', 'background-color'), 'rgb(22, 24, 29)');
    await w.screenshot('dark');
    await dark.close();
  });

  it('is not touched by the host page\'s CSS', async () => {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    assert.equal(await w.styleOf('.ph-launcher svg', 'width'), '28px', 'host svg rule');
    const launcher = await w.launcher.boundingBox();
    assert.equal(Math.round(launcher.width), 60, 'the launcher keeps its size');
    await w.openByClick();
    const hostFont = await w.page.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.match(hostFont, /Georgia/);
    assert.doesNotMatch(await w.styleOf('.ph-panel', 'font-family'), /Georgia/);
    assert.equal(await w.styleOf('.ph-panel', 'line-height').then(parseFloat) < 30, true);
    assert.notEqual(await w.styleOf('.ph-send', 'background-color'), 'rgb(192, 57, 43)', 'host button rule');
    assert.equal(await w.styleOf('.ph-send', 'border-top-style'), 'none');
    assert.notEqual(await w.styleOf('.ph-input', 'border-top-width'), '5px', 'host textarea rule');
    assert.equal(await w.styleOf('.ph-header', 'text-transform'), 'none');
    await context.close();
  });

  it('fills the screen on a phone', async () => {
    const context = await browser().newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.screenshot('phone-closed');
    await w.launcher.tap();
    await w.panel.waitFor({ state: 'visible' });
    await w.page.waitForTimeout(250); // the opening transition
    const box = await w.panel.boundingBox();
    assert.deepEqual([box.x, box.y, box.width, box.height].map(Math.round), [0, 0, 390, 844]);
    await w.send('Where are you?');
    await w.lastReplyText();
    await w.screenshot('phone');
    await context.close();
  });
});
