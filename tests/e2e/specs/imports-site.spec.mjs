// A new owner teaches the bot their website from the console: they give its address, watch
// the import count pages as it goes, read what was skipped and why, ask the question tester
// and get the answer from a page, cited by its address and heading; then they edit the site,
// press "Sync now", and the bot answers the new text. The site is a real HTTP server on
// loopback (robots.txt, a sitemap, navigation, a cookie banner, a PDF link, a 404).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { useBrowser } from '../support/browser.mjs';
import { Console } from '../support/console.mjs';
import { ADMIN_TOKEN, admin } from '../support/servers.mjs';

const CHROME = `<header><a href="/">Harbor Lights Coffee</a><nav><a href="/">Home</a> <a href="/visit">Visit</a>
  <a href="/menu">Menu</a> <a href="/private/staff">Staff</a></nav></header>
  <div class="cookie-banner">We use cookies for tracking. <button>Accept all</button></div>`;
const FOOTER = '<footer>© Harbor Lights · <a href="/files/menu.pdf">Menu (PDF)</a> · <a href="/careers">Careers</a></footer>';
const page = (title, main) => `<!doctype html><html><head><title>${title} | Harbor Lights</title></head>
  <body>${CHROME}<main>${main}</main>${FOOTER}</body></html>`;

/** The café's site: path → [status, type, body]. */
function cafe() {
  return new Map([
    ['/robots.txt', [200, 'text/plain', 'User-agent: *\nDisallow: /private/\n']],
    ['/sitemap.xml', [200, 'application/xml', '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' +
      '<url><loc>/</loc></url><url><loc>/visit</loc></url><url><loc>/menu</loc></url></urlset>']],
    ['/', [200, 'text/html', page('Home', '<h1>Harbor Lights Coffee</h1><p>A small roastery by the pier, since 1998.</p>')]],
    ['/visit', [200, 'text/html', page('Visit us', `<h1>Visit us</h1><h2 id="hours">Opening hours</h2>
      <p>Monday to Friday we open at 7am and close at 6pm. On Saturdays we are open from 8am to 4pm.</p>
      <h2 id="parking">Parking</h2><p>Free parking behind the roastery for two hours.</p>`)]],
    ['/menu', [200, 'text/html', page('Menu', `<h1>Menu</h1><h2 id="prices">Prices</h2>
      <table><tr><th>Drink</th><th>Price</th></tr><tr><td>Espresso</td><td>2.40</td></tr>
      <tr><td>Flat white</td><td>3.60</td></tr></table>`)]],
    ['/private/staff', [200, 'text/html', page('Staff', '<p>Rota for the staff.</p>')]],
    ['/files/menu.pdf', [200, 'application/pdf', '%PDF-1.4 not really']],
  ]);
}

describe('importing a website in the console', () => {
  const browser = useBrowser();
  let server;
  let base;
  const files = cafe();
  const log = [];

  before(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      log.push(path);
      const found = files.get(path);
      if (!found) { res.writeHead(404, { 'content-type': 'text/html' }); res.end('<h1>Not found</h1>'); return; }
      const [status, type, raw] = found;
      const body = raw.replaceAll('<loc>/', `<loc>${base}/`);
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      if (req.headers['if-none-match'] === etag) { res.writeHead(304, { etag }); res.end(); return; }
      res.writeHead(status, { 'content-type': type, etag });
      res.end(body);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${server.address().port}`;
  });
  after(() => server.close());

  it('imports a site, shows its progress and what it skipped, answers from it, and syncs an edit', async () => {
    const { token } = await admin('POST', '/api/admin/bots', { bot_name: 'Harbor Lights', stream_pace_ms: 0 });
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    const c = await Console.open(context);
    await c.signInAsOwner(ADMIN_TOKEN);
    await c.goto(`/console/bots/${token}/knowledge`);
    const form = c.testId('site-import');
    await form.waitFor();
    await form.locator('[name=url]').fill(`${base}/`);
    await form.locator('[name=page_cap]').fill('50');
    await c.testId('import-site').click();

    const card = c.testId('site');
    await card.waitFor();
    await c.page.locator('[data-testid=site][data-state=done]').waitFor({ timeout: 60000 });
    assert.equal(await card.locator('.site-kept').innerText(), '3');
    assert.equal(await card.locator('.site-in-knowledge').innerText(), '3');
    // Skipped, with why: the robots-closed page, the PDF and the missing page.
    await card.locator('.site-skip[data-reason=robots]').waitFor();
    await card.locator('.site-skip[data-reason=not_html]').waitFor();
    await card.locator('.site-skip[data-reason=error]').waitFor();
    assert.ok(!log.includes('/private/staff'), 'robots.txt closes /private/');
    await card.getByTestId('site-pages').click();
    const table = c.testId('site-pages-table');
    await table.waitFor();
    assert.match(await table.innerText(), /careers[\s\S]*404/i);
    await c.screenshots('websites');

    // The documents list holds the pages; the tester answers from one, cited by its heading.
    const tried = await c.ask('When do you open on Saturday?');
    assert.match(tried.reply, /8am to 4pm/);
    assert.doesNotMatch(tried.reply, /cookies|Accept all/);
    const cited = await c.testId("test-result").locator("[data-testid=passage].used [data-testid=passage-link]").first().innerText();
    assert.equal(cited, `${base}/visit#hours`);

    // The owner edits the site; "Sync now" brings the edit, and only it.
    const [, , visit] = files.get('/visit');
    files.set('/visit', [200, 'text/html', visit.replace('from 8am to 4pm', 'from 9am to 3pm')]);
    await card.getByTestId('site-sync').click();
    await c.page.locator('[data-testid=site][data-state=crawling]').waitFor().catch(() => {});
    await c.page.locator('[data-testid=site][data-state=done]').waitFor({ timeout: 60000 });
    await until(async () => card.locator('.site-changed').innerText(), '1', 'one page changed');
    assert.equal(await card.locator('.site-unchanged').innerText(), '2');
    assert.equal(await card.locator('.site-added').innerText(), '0');
    await c.screenshots('websites-synced');
    const again = await c.ask('When do you open on Saturday?');
    assert.match(again.reply, /9am to 3pm/);
    assert.deepEqual(c.errors, []);
    await context.close();
  });
});

/** Polls `read` until it returns `want`. */
async function until(read, want, what, ms = 10000) {
  let last;
  for (const end = Date.now() + ms; Date.now() < end;) {
    last = await read();
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(last, want, what);
}
