// What a visitor leaves behind, in the widget: contact details when the bot asks (before the
// first message, or when it could not answer), a rating with a comment when the chat ends (by
// keyboard), a vote on a reply, an image; and the widget events the owner's statistics count.
// An operator reading the conversation through the dashboard API sees each of them.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../support/browser.mjs';
import { WidgetPage } from '../support/widget-page.mjs';
import { admin, createDemoBot } from '../support/servers.mjs';
import { chatIdOf } from '../support/operator.mjs';
import { deflateSync } from 'node:zlib';

/** A `w`×`h` PNG of horizontal stripes (a real image, built here). */
function png(w, h) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => { let c = ~0; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (~c) >>> 0; };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0); header.writeUInt32BE(h, 4); header[8] = 8; header[9] = 2;
  const rows = [];
  for (let y = 0; y < h; y++) {
    const color = y % 20 < 10 ? [56, 84, 216] : [245, 165, 36];
    rows.push(Buffer.from([0, ...Array.from({ length: w }, () => color).flat()]));
  }
  return Buffer.concat([Buffer.from([0x89, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}
const PNG = png(160, 100);

describe('what a visitor leaves behind', () => {
  const browser = useBrowser();

  async function open(token) {
    const context = await browser().newContext();
    const w = await WidgetPage.open(context, token);
    await w.waitForLauncher();
    await w.openByClick();
    return { context, w };
  }

  const conversation = async (token, chat) => admin('GET', `/api/admin/bots/${token}/conversations/${chat}`);

  it('asks for an email before the first message, and the operator sees it', async () => {
    const token = await createDemoBot({ stream_pace_ms: 0, lead_capture: { when: 'before_first_message', fields: ['email', 'name'] } });
    const { context, w } = await open(token);
    const form = w.page.getByTestId('lead-form');
    await form.waitFor();
    await w.screenshot('lead-form');
    await w.page.getByLabel('Email').fill('jane@example.com');
    await w.page.getByLabel('Name').fill('Jane');
    await form.getByRole('button', { name: 'Send' }).click();
    await w.page.getByTestId('lead-thanks').waitFor();
    const chat = await chatIdOf(w.page, token);
    const read = await conversation(token, chat);
    assert.deepEqual(read.conversation.contact_data, { email: 'jane@example.com', name: 'Jane' });
    await context.close();
  });

  it('shows a refused email inline, and asks again when the bot could not answer', async () => {
    const token = await createDemoBot({ stream_pace_ms: 0, lead_capture: { when: 'when_unanswered' } });
    const { context, w } = await open(token);
    assert.equal(await w.page.getByTestId('lead-form').count(), 0, 'not before it is needed');
    await w.send('Do you repair bicycles?');
    await w.lastReplyText();
    const form = w.page.getByTestId('lead-form');
    await form.waitFor();
    await w.page.getByLabel('Email').fill('not@an');
    await form.getByRole('button', { name: 'Send' }).click();
    await form.getByRole('alert').waitFor();
    await w.page.getByTestId('lead-skip').click();
    await form.waitFor({ state: 'detached' });
    await context.close();
  });

  it('asks for a rating when the visitor ends the chat, by keyboard', async () => {
    const token = await createDemoBot({ stream_pace_ms: 0 });
    const { context, w } = await open(token);
    await w.send('What are your opening hours?');
    await w.lastReplyText();
    const chat = await chatIdOf(w.page, token);
    await w.newChat();
    const prompt = w.page.getByTestId('rating');
    await prompt.waitFor();
    // Keyboard only: into the stars, arrows to the fourth, then the comment and Send.
    await prompt.getByRole('radio', { name: '1 of 5' }).focus();
    await w.page.keyboard.press('Space');
    for (let i = 0; i < 3; i++) await w.page.keyboard.press('ArrowRight');
    assert.ok(await prompt.getByRole('radio', { name: '4 of 5' }).isChecked());
    await w.page.keyboard.press('Tab');
    await w.page.keyboard.type('Clear and quick.');
    await w.screenshot('rating');
    await w.page.keyboard.press('Tab');
    await w.page.keyboard.press('Enter');
    await w.page.getByTestId('rating-thanks').waitFor();
    let read = await conversation(token, chat);
    for (let i = 0; i < 30 && !read.rating_comment; i++) {
      await w.page.waitForTimeout(100);
      read = await conversation(token, chat);
    }
    assert.equal(read.conversation.rating, 4);
    assert.equal(read.rating_comment, 'Clear and quick.');
    await context.close();
  });

  it('keeps a vote on a reply, which a second click changes', async () => {
    const token = await createDemoBot({ stream_pace_ms: 0 });
    const { context, w } = await open(token);
    await w.send('What are your opening hours?');
    await w.lastReplyText();
    const up = w.page.getByTestId('vote-up').last();
    const down = w.page.getByTestId('vote-down').last();
    await up.click();
    await w.page.waitForFunction(() => document.querySelector('porthole-widget').shadowRoot
      .querySelector('[data-testid=vote-up][aria-pressed=true]'));
    const chat = await chatIdOf(w.page, token);
    const voteOf = async () => (await conversation(token, chat)).messages.find((m) => m.role === 'assistant').vote;
    for (let i = 0; i < 20 && (await voteOf()) !== 'up'; i++) await w.page.waitForTimeout(100);
    assert.equal(await voteOf(), 'up');
    await down.click();
    for (let i = 0; i < 20 && (await voteOf()) !== 'down'; i++) await w.page.waitForTimeout(100);
    assert.equal(await voteOf(), 'down');
    assert.equal(await up.getAttribute('aria-pressed'), 'false');
    await context.close();
  });

  it('sends an image that the visitor and the operator see', async () => {
    const token = await createDemoBot({ stream_pace_ms: 0, enableFileUpload: true });
    const { context, w } = await open(token);
    await w.page.getByTestId('file').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: PNG });
    const image = w.page.getByTestId('image');
    await image.waitFor();
    await w.page.waitForFunction(() => {
      const img = document.querySelector('porthole-widget').shadowRoot.querySelector('[data-testid=image]');
      return img && img.src.startsWith('http') && img.complete && img.naturalWidth === 160;
    });
    const chat = await chatIdOf(w.page, token);
    const read = await conversation(token, chat);
    assert.equal(read.messages[0].image, await image.getAttribute('src'));
    await w.screenshot('image-sent');
    await context.close();
  });

  it('offers no attach button where the owner turned images off', async () => {
    // Images are on by default (seed 003's upload-image works out of the box).
    const token = await createDemoBot({ stream_pace_ms: 0, enableFileUpload: false });
    const { context, w } = await open(token);
    assert.equal(await w.page.getByTestId('attach').count(), 0);
    await context.close();
  });

  it('counts widget events and those the site adds through the JS API', async () => {
    const token = await createDemoBot({ stream_pace_ms: 0 });
    const context = await browser().newContext();
    const page = await context.newPage();
    const events = [];
    page.on('request', (r) => {
      if (r.url().includes('/track')) events.push({ auth: r.headers().authorization, ...JSON.parse(r.postData()) });
    });
    const w = new WidgetPage(page);
    await w.goto(token);
    await w.waitForLauncher();
    await w.openByClick();
    await w.send('What are your opening hours?');
    await w.lastReplyText();
    await page.evaluate(() => window.Porthole('track', 'pricing_viewed', { plan: 'pro' }));
    await page.waitForTimeout(500);
    const names = events.map((e) => e.event);
    for (const name of ['widget_opened', 'message_sent', 'pricing_viewed']) assert.ok(names.includes(name), `${name} in ${names}`);
    assert.equal(events[0].auth, `Bearer ${token}`);
    assert.deepEqual(events.find((e) => e.event === 'pricing_viewed').metadata, { plan: 'pro' });
    await context.close();
  });
});
