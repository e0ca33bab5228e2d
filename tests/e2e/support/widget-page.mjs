// Page object of the widget on a host page: find, open, type, read. Locators go by test id
// and role; playwright's CSS engine pierces the widget's open shadow root.
import assert from 'node:assert/strict';
import { SITE, root } from './servers.mjs';
import { join } from 'node:path';

export class WidgetPage {
  /** @param {import('playwright-core').Page} page
   * @param {string} site the host site (a spec's own; by default the runner's) */
  constructor(page, site = SITE) {
    this.page = page;
    this.site = site;
    this.errors = [];
    this.requests = [];
    page.on('console', (m) => m.type() === 'error' && this.errors.push(m.text()));
    page.on('pageerror', (e) => this.errors.push(e.message));
    page.on('request', (r) => this.requests.push(r.url()));
  }

  static async open(context, token, params = {}, site = SITE) {
    const page = new WidgetPage(await context.newPage(), site);
    await page.goto(token, params);
    return page;
  }

  async goto(token, params = {}) {
    const query = new URLSearchParams({ token, ...params });
    await this.page.goto(`${this.site}/page?${query}`);
  }

  get launcher() { return this.page.getByTestId('launcher'); }
  get panel() { return this.page.getByTestId('panel'); }
  get input() { return this.page.getByTestId('input'); }
  get messages() { return this.page.getByTestId('message'); }
  replies() { return this.page.locator('[data-testid="message"][data-role="assistant"]'); }
  operatorMessages() { return this.page.locator('[data-testid="message"][data-role="operator"]'); }
  userMessages() { return this.page.locator('[data-testid="message"][data-role="user"]'); }

  /** Starts a new conversation (from the header's menu). */
  async newChat() {
    await this.page.getByTestId('menu').click();
    await this.page.getByTestId('new-chat').click();
  }

  async waitForLauncher() {
    await this.launcher.waitFor({ state: 'visible' });
  }

  async openByClick() {
    await this.launcher.click();
    await this.panel.waitFor({ state: 'visible' });
  }

  /** Types `text` and presses Enter, as a visitor does. */
  async send(text) {
    await this.input.click();
    await this.input.fill(text);
    await this.page.keyboard.press('Enter');
  }

  /** Waits until the last reply is complete (not busy) and returns its text. */
  async lastReplyText() {
    const reply = this.replies().last();
    await assert.doesNotReject(reply.waitFor());
    await this.page.waitForFunction(() => {
      const host = document.querySelector('porthole-widget');
      const all = host?.shadowRoot.querySelectorAll('[data-role="assistant"]');
      const last = all?.[all.length - 1];
      return last && last.getAttribute('aria-busy') === 'false';
    });
    return reply.innerText();
  }

  /** Whether an element inside the widget has focus, and its test id. */
  focusedTestId() {
    return this.page.evaluate(() => {
      const host = document.querySelector('porthole-widget');
      return document.activeElement === host ? host.shadowRoot.activeElement?.getAttribute('data-testid') ?? null : null;
    });
  }

  /** Computed style of the first element matching `selector` inside the widget. */
  styleOf(selector, property) {
    return this.page.evaluate(([sel, prop]) => {
      const el = document.querySelector('porthole-widget').shadowRoot.querySelector(sel);
      return el && getComputedStyle(el).getPropertyValue(prop);
    }, [selector, property]);
  }

  /** Saves a screenshot as a test artifact (tests/artifacts/NAME.png). */
  screenshot(name) {
    return this.page.screenshot({ path: join(root, 'tests/artifacts', `${name}.png`) });
  }
}
