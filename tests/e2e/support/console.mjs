// Page objects of the console (/console): signing in, the bots, one bot's tabs (appearance with
// its preview and snippet, knowledge, AI, statistics, API), the inbox and the operators. Tests
// speak in what an owner does; locators go by test id and role.
import { API, root } from './servers.mjs';
import { join } from 'node:path';

/** Where screenshots go. */
const ARTIFACTS = join(root, 'tests/artifacts');

export class Console {
  /** @param {import('playwright-core').Page} page
   * @param {string} base the service (a spec's own server; by default the runner's) */
  constructor(page, base = API) {
    this.page = page;
    this.base = base;
    this.errors = [];
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('Failed to load resource') && this.errors.push(m.text()));
    page.on('pageerror', (e) => this.errors.push(e.message));
  }

  static async open(context, path = '/console', base = API) {
    const c = new Console(await context.newPage(), base);
    await c.goto(path);
    return c;
  }

  async goto(path) {
    await this.page.goto(this.base + path);
  }

  testId(id) { return this.page.getByTestId(id); }

  /** Signs in with the admin token. */
  async signInAsOwner(token) {
    await this.testId('as-owner').click();
    await this.testId('admin-token').fill(token);
    await this.testId('sign-in').click();
    await this.testId('signed-in-as').waitFor();
  }

  /** Signs in as an operator. */
  async signInAs(email, password) {
    await this.testId('email').fill(email);
    await this.testId('password').fill(password);
    await this.testId('sign-in').click();
    await this.testId('signed-in-as').waitFor();
  }

  async signOut() {
    await this.testId('sign-out').click();
    await this.testId('login-form').waitFor();
  }

  /** Saves `name` in light and dark (the system's choice), on a laptop and on a phone. */
  async screenshots(name) {
    const size = this.page.viewportSize();
    for (const [device, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
      await this.page.setViewportSize(viewport);
      for (const scheme of ['light', 'dark']) {
        await this.page.emulateMedia({ colorScheme: scheme });
        await this.page.evaluate(() => window.scrollTo(0, 0));
        await this.page.waitForTimeout(150);
        await this.page.screenshot({ path: join(ARTIFACTS, `console-${name}-${scheme}-${device}.png`), fullPage: true });
      }
    }
    await this.page.emulateMedia({ colorScheme: 'light' });
    await this.page.setViewportSize(size);
  }

  // Bots.

  async createBot(name, color) {
    await this.testId('nav-bots').click();
    await this.testId('new-bot-name').fill(name);
    await this.testId('new-bot-color').fill(color);
    await this.testId('create-bot').click();
    await this.page.waitForURL(/\/console\/bots\/[0-9a-f]{32}/);
    await this.testId('bot-name').filter({ hasText: name }).waitFor();
    return this.page.url().match(/bots\/([0-9a-f]{32})/)[1];
  }

  botCard(name) {
    return this.testId('bot-card').filter({ has: this.page.getByRole('link', { name }) });
  }

  async tab(id) {
    await this.testId(`tab-${id}`).click();
  }

  // Appearance.

  /** The preview's launcher (the real widget in the preview frame). */
  previewLauncher() {
    return this.page.frameLocator('[data-testid=preview]').getByTestId('launcher');
  }

  previewPanel() {
    return this.page.frameLocator('[data-testid=preview]').getByTestId('panel');
  }

  async previewLauncherColor() {
    return this.previewLauncher().evaluate((el) => getComputedStyle(el).backgroundColor);
  }

  async setField(name, value) {
    await this.testId(name).fill(value);
  }

  async save() {
    await this.testId('save').click();
    await this.page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  }

  /** Copies the install snippet with its button and reads it back from the clipboard. */
  async copySnippet() {
    await this.testId('copy-snippet').click();
    await this.testId('copy-snippet').filter({ hasText: 'Copied' }).waitFor();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  // Knowledge.

  async addDocument(title, text) {
    await this.testId('doc-title').fill(title);
    await this.testId('doc-text').fill(text);
    await this.testId('add').click();
    await this.page.getByRole('status').filter({ hasText: `Added ${title}` }).waitFor();
    await this.documents().filter({ hasText: title }).waitFor();
  }

  /** Uploads files as documents (each file one document, titled by its name). */
  async uploadFiles(paths) {
    await this.testId('upload-files').setInputFiles(paths);
    const last = paths.at(-1).split('/').at(-1);
    await this.page.getByRole('status').filter({ hasText: `Added ${last}` }).waitFor();
    await this.documents().nth(paths.length - 1).waitFor();
  }

  documents() { return this.testId('document'); }

  /** Asks a test question; the reply and the titles of the passages it used. */
  async ask(question) {
    await this.testId('test-question').fill(question);
    await this.testId('ask').click();
    await this.testId('ask').filter({ hasText: /^Ask$/ }).waitFor();
    const result = this.testId('test-result');
    await result.waitFor();
    const used = await result.locator('[data-testid=passage].used strong').allInnerTexts();
    return { reply: await this.testId('test-reply').innerText(), used, judged: await this.testId('test-judged').innerText() };
  }

  // Inbox.

  async openInbox() {
    await this.testId('nav-inbox').click();
    // The list has been read: its rows, or its own empty note (not the reading pane's).
    await this.testId('conversations').or(this.page.locator('.inbox-list .empty')).first().waitFor();
  }

  conversationWith(lastMessage) {
    return this.testId('conversation').filter({ has: this.page.getByTestId('last-message').filter({ hasText: lastMessage }) });
  }

  async takeOver() {
    await this.testId('take-over').click();
    await this.testId('hand-back').waitFor();
  }

  /** Sends `text` as the operator; waits until the conversation shows it (`shown`: as its
   * Markdown renders). */
  async reply(text, shown = text) {
    await this.testId('reply').fill(text);
    await this.testId('send-reply').click();
    await this.testId('message-text').filter({ hasText: shown }).waitFor();
  }

  // Statistics.

  async totalConversations() {
    await this.testId('total-conversations').waitFor({ timeout: 15000 }).catch(async (e) => {
      throw new Error(`${e.message}\nthe page says: ${await this.page.locator('main').innerText().catch(() => '?')}\nerrors: ${this.errors}`);
    });
    return Number((await this.testId('total-conversations').locator('strong').innerText()).replace(/,/g, ''));
  }
}
